"""Print the PostgreSQL URL the test suite should use, or explain on stderr why there is none.

Exit status: 0 reachable, 1 not reachable. Uses $PG_TEST_URL, else $DATABASE_URL when it points
at PostgreSQL, else the local server on 127.0.0.1:5432.
"""

import os
import sys

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lape"


def candidate_url() -> str:
    for name in ("PG_TEST_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return DEFAULT_URL


def main() -> int:
    import psycopg
    from environ import Env

    url = candidate_url()
    config = Env.db_url_config(url)
    try:
        psycopg.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        print(f"PostgreSQL not reachable at {url}: {error}".strip(), file=sys.stderr)
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
