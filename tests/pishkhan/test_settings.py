"""Settings come from the environment: embedded default with nothing set, production otherwise."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = secrets.token_urlsafe(60)


def run_manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "pishkhan.example.ir",
            "DATABASE_URL": "postgres://u:p@db.example.ir:5432/pishkhan",
            "REDIS_URL": "redis://cache.example.ir:6379/0",
            "PISHKHAN_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_and_production_choose_their_backends(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'],"
        " s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    embedded = run_manage("shell", "-v", "0", "-c", code, env={"PISHKHAN_VAR_DIR": str(tmp_path)})
    assert embedded.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.cache.backends.locmem.LocMemCache",
        "False",
        "False",
    ], embedded.stderr
    assert (tmp_path / "secret_key").exists()
    production = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env={
            "PISHKHAN_VAR_DIR": str(tmp_path),
            "SECRET_KEY": SECRET,
            "DATABASE_URL": "postgres://u:p@db.example.ir:5432/pishkhan",
            "REDIS_URL": "redis://cache.example.ir:6379/0",
        },
    )
    assert production.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "core.cache.ResilientRedisCache",
        "True",
        "False",
    ], production.stderr


def test_every_model_change_has_its_migration():
    result = run_manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr


def test_links_follow_the_address_make_run_serves_on_unless_site_url_says_otherwise(tmp_path):
    code = "from django.conf import settings as s; print(s.SITE_URL)"

    def site_url(**env):
        base = {"PISHKHAN_VAR_DIR": str(tmp_path), "SITE_URL": "", "PISHKHAN_RUN_URL": "", **env}
        return run_manage("shell", "-v", "0", "-c", code, env=base).stdout.strip()

    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PISHKHAN_RUN_URL="http://127.0.0.1:8123") == "http://127.0.0.1:8123"
    assert site_url(PISHKHAN_RUN_URL="http://127.0.0.1:8123", SITE_URL="https://pishkhan.example.ir/") == (
        "https://pishkhan.example.ir"
    )
    # `make run PORT=8123` passes its address on to every command it runs, and prints it.
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert "PISHKHAN_RUN_URL=http://127.0.0.1:8123" in dry.stdout and "runserver 127.0.0.1:8123" in dry.stdout


def test_the_demo_accounts_end_with_the_address_to_open(db, settings, capsys):
    from django.core.management import call_command

    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == "Open http://127.0.0.1:8123/ and sign in."
