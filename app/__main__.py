"""The `zorgpad` command (`python -m app …`; the server starts its scheduler this way):
the Flask CLI on the app factory, with Zorgpad's own commands (app/cli.py)."""

from flask.cli import FlaskGroup

from app import create_app


def main() -> None:
    FlaskGroup(create_app=create_app)()


if __name__ == "__main__":
    main()
