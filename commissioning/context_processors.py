def service(request):
    return {"service_name": "Commissioning Together"}
