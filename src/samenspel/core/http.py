from django.http import HttpRequest

from samenspel.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of a view behind `login_required`: `request.user` is a real User.
    (django-stubs' documented pattern; a type only, nothing at run time.)"""

    user: User
