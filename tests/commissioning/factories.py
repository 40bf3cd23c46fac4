import factory

from commissioning.models import User

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        facilitator = factory.Trait(role=User.Role.FACILITATOR)
        administrator = factory.Trait(role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
