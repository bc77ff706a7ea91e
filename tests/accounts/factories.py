import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.dk")
    full_name = factory.Faker("name", locale="da_DK")
    password = factory.django.Password("correct-horse-battery")
