"""`hippograph keys create|list|revoke`: API keys and the scopes they may read and write."""

from typing import Annotated

import typer

from hippograph.api.auth import create_key, read_keys_file, revoke_key
from hippograph.api.settings import Settings
from hippograph.cli.console import console, errors, figures, reported

NAME = "keys"
app = typer.Typer(help="API keys and the scopes they may read and write.", no_args_is_help=True)


def _scopes(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


@app.command("create")
def keys_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="who or what uses the key")],
    read: Annotated[str, typer.Option(help="scopes it may read, comma-separated; * for all")] = "",
    write: Annotated[str, typer.Option(help="scopes it may write (and read); * for all")] = "",
) -> None:
    """Create a key: it is printed once and only its SHA-256 digest is stored."""
    settings: Settings = ctx.obj
    if not read and not write:
        raise typer.BadParameter("give --read and/or --write scopes")
    with reported():
        key = create_key(settings.keys_path(), name, _scopes(read), _scopes(write))
    errors.print(f"Key {name!r} added to {settings.keys_path()}; it is shown only now:")
    console.print(key, markup=False)


@app.command("list")
def keys_list(ctx: typer.Context) -> None:
    """The keys' names and scopes (never the keys)."""
    settings: Settings = ctx.obj
    with reported():
        grants = [*read_keys_file(settings.keys_path()), *settings.api_keys]
    table = figures(
        f"API keys ({settings.keys_path()} and HIPPOGRAPH_API_KEYS)", ["name", "read", "write"]
    )
    for grant in grants:
        table.add_row(grant.name, ", ".join(grant.read), ", ".join(grant.write))
    console.print(table)


@app.command("revoke")
def keys_revoke(ctx: typer.Context, name: str) -> None:
    """Remove a key from the keys file (a running server stops accepting it at once)."""
    settings: Settings = ctx.obj
    with reported():
        removed = revoke_key(settings.keys_path(), name)
    if not removed:
        errors.print(f"[red]error:[/red] no key named {name!r} in {settings.keys_path()}")
        raise typer.Exit(1)
    console.print(f"Key {name!r} revoked.")
