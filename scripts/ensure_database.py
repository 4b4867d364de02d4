"""Create the PostgreSQL database named in a URL when it does not exist yet (for make serve-prod)."""

import sys

import psycopg
from environ import Env
from psycopg import sql


def main(url: str) -> int:
    config = Env.db_url_config(url)
    with psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = config["NAME"]
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
