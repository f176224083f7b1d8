"""The OIDC settings are read from the environment together, and password sign-in is
switched off only where a provider signs people in."""

from __future__ import annotations

import pytest

from service.settings import Settings, SettingsError

PROVIDER = {
    "GRANNSKAP_OIDC_ISSUER": "https://login.lindesberg.example",
    "GRANNSKAP_OIDC_CLIENT_ID": "grannskap",
    "GRANNSKAP_OIDC_CLIENT_SECRET": "hemligt",
}


def test_the_three_oidc_settings_are_read_from_the_environment() -> None:
    settings = Settings.from_env(
        {**PROVIDER, "GRANNSKAP_OIDC_ROLE_CLAIM": "roles", "GRANNSKAP_PASSWORD_SIGN_IN": "no"}
    )

    assert settings.oidc_issuer == "https://login.lindesberg.example"
    assert settings.oidc_client_id == "grannskap"
    assert settings.oidc_client_secret == "hemligt"
    assert settings.oidc_role_claim == "roles"
    assert settings.password_sign_in is False


def test_without_them_there_is_no_provider_and_passwords_sign_in() -> None:
    settings = Settings.from_env({})

    assert settings.oidc_issuer is None
    assert settings.password_sign_in is True


@pytest.mark.parametrize("missing", list(PROVIDER))
def test_an_oidc_setting_alone_is_refused(missing: str) -> None:
    partial = {k: v for k, v in PROVIDER.items() if k != missing}

    with pytest.raises(SettingsError, match="given together"):
        Settings.from_env(partial)


def test_password_sign_in_is_not_switched_off_without_a_provider() -> None:
    with pytest.raises(SettingsError, match="needs an OIDC provider"):
        Settings.from_env({"GRANNSKAP_PASSWORD_SIGN_IN": "no"})


def test_an_issuer_that_is_no_web_address_is_refused() -> None:
    with pytest.raises(SettingsError, match="GRANNSKAP_OIDC_ISSUER"):
        Settings.from_env({**PROVIDER, "GRANNSKAP_OIDC_ISSUER": "login.example"})
