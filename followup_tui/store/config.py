"""Settings and templates: what the user changed of the playbook's defaults."""

from __future__ import annotations

from followup_tui import settings_table
from followup_tui.errors import Invalid
from followup_tui.models import Settings, Strategy
from followup_tui.store.base import StoreBase


class Config(StoreBase):
    """The settings table and the user's own templates."""

    def settings(self) -> Settings:
        """The settings; a stored value the table refuses reads as its default."""
        return self.checked_settings()[0]

    def checked_settings(self) -> tuple[Settings, list[str]]:
        """The settings, and a warning for each stored value read as its default instead."""
        rows = self.conn.execute("SELECT name, value FROM settings").fetchall()
        return settings_table.read(dict(rows))

    def set_setting(self, name: str, value: str) -> None:
        """Store `value` for `name` once the settings table accepts it (else Invalid)."""
        try:
            text = settings_table.stored_text(name, value)
        except settings_table.SettingError as error:
            raise Invalid(str(error)) from None
        self.conn.execute(
            "INSERT INTO settings (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [name, text],
        )

    def template(self, strategy: Strategy) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT subject, body FROM templates WHERE strategy = ?", [strategy.value]
        ).fetchone()
        return (row[0], row[1]) if row else None

    def templates(self) -> dict[Strategy, tuple[str, str]]:
        rows = self.conn.execute("SELECT strategy, subject, body FROM templates").fetchall()
        return {Strategy(r[0]): (r[1], r[2]) for r in rows if r[0] in set(Strategy)}

    def set_template(self, strategy: Strategy, subject: str, body: str) -> None:
        self.conn.execute(
            "INSERT INTO templates (strategy, subject, body, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(strategy) DO UPDATE SET subject = excluded.subject, "
            "body = excluded.body, updated_at = excluded.updated_at",
            [strategy.value, subject, body, self._stamp()],
        )

    def reset_template(self, strategy: Strategy) -> None:
        self.conn.execute("DELETE FROM templates WHERE strategy = ?", [strategy.value])
