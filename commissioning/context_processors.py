from commissioning import idle


def service(request):
    return {"service_name": "Commissioning Together", "idle_limits": idle.limits()}
