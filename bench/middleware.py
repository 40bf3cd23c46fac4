"""How many queries a request made, in a response header the benchmark reads (bench only)."""

from django.db import connections


class QueryCountMiddleware:
    """Outermost, so it counts every query: the session, the user, the page. A wrapper per query
    costs about a microsecond, the same for the bare view as for any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
