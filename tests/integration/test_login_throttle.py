"""Issue 6, defect 11: password guessing is slowed down, across processes."""

from app import create_app
from tests.conftest import CHEAP_HASHING


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/api/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_after_five_failures_even_the_right_password_waits(client, demo, clock):
    for _ in range(5):
        assert _login(client, "zorg1", "fout").status_code == 401
    for password in ("fout",) * 7 + ("demo",):
        response = _login(client, "zorg1", password)
        assert response.status_code == 429, response.get_json()
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    assert "minuten" in response.get_json()["message"]
    assert _login(client, "dir1", "demo").status_code == 200  # other users are not locked out
    clock.advance(seconds=retry_after)
    assert _login(client, "zorg1", "demo").status_code == 200


def test_the_user_name_is_counted_whatever_its_case(client, demo):
    for name in ("zorg1", "ZORG1", "Zorg1", "zOrg1", "zorG1"):
        assert _login(client, name, "fout").status_code == 401
    assert _login(client, "zorg1", "demo").status_code == 429


def test_one_address_trying_many_names_is_slowed_down(client, demo):
    for index in range(20):
        assert _login(client, f"raad{index}", "fout", address="10.9.9.9").status_code == 401
    assert _login(client, "zorg1", "demo", address="10.9.9.9").status_code == 429
    assert _login(client, "zorg1", "demo", address="10.0.0.2").status_code == 200


def test_the_count_lives_in_the_database_not_the_process(app, client, demo, clock):
    for _ in range(5):
        assert _login(client, "clb1", "fout").status_code == 401
    other = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **CHEAP_HASHING}
    )
    other.extensions["zorgpad.clock"] = clock
    assert _login(other.test_client(), "clb1", "demo").status_code == 429
    with other.app_context():
        from app.extensions import db

        db.engine.dispose()
