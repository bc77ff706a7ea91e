"""Building blocks of the authorization matrix (tests/test_authorization_matrix.py)."""

OK = "ok"  # any 2xx (or a redirect, for the pages)
PERSONAS = ("anonymous", "anne", "carl", "bo", "eva", "dorte", "frida", "ida")
Expect = int | str


def everyone(expected: Expect) -> dict[str, Expect]:
    return dict.fromkeys(PERSONAS, expected)


def logged_in(expected: Expect, anonymous: Expect = 401) -> dict[str, Expect]:
    return {**everyone(expected), "anonymous": anonymous}
