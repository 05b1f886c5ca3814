"""Reference pickers with type-to-search: a client, item, location, supplier, contractor, site, employee
or manager is chosen from a list, never typed free (a typo would otherwise create a new record).

The choices load on the database worker; a value set before they arrive is kept and selected when they
do. A typed text that matches no choice stays as typed, and the command refuses it with a message naming
the field («выберите из списка»), so nothing typed is lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from mos_desktop.views.common.context import AppContext

NONE_TEXT = "— не выбрано —"


class _SearchCombo(QComboBox):
    """An editable combo whose completer matches any part of the text, case-insensitively."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.loaded = False
        self.currentTextChanged.connect(lambda _t: self.changed.emit())

    def _matching_index(self) -> int:
        text = self.currentText().strip()
        if not text or text == NONE_TEXT:
            return 0 if self.count() else -1
        return self.findText(text, Qt.MatchFlag.MatchFixedString)


class RefPicker(_SearchCombo):
    """Picks a record id of kind ``ref`` (options from ``services.records.options``)."""

    def __init__(
        self, ctx: AppContext, ref: str, parent: QWidget | None = None, *, parent_id: uuid.UUID | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ref = ref
        self.parent_id = parent_id
        self._pending: Any = None
        self.addItem(NONE_TEXT, None)
        if (line := self.lineEdit()) is not None:  # editable: always there
            line.setPlaceholderText("начните вводить для поиска")
        self.reload()

    def reload(self) -> None:
        from mos_desktop.services.records.options import options  # the worker imports the models

        ref, parent_id = self.ref, self.parent_id
        self.ctx.run_db(lambda s: options(s, ref, parent_id=parent_id), self._fill, owner=self)

    def _fill(self, choices: list[Any]) -> None:
        keep = self._pending if not self.loaded else self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(NONE_TEXT, None)
        for option in choices:
            self.addItem(option.label, str(option.id))  # Qt compares plain strings, not Python objects
        self.loaded = True
        self.blockSignals(False)
        self.set_value(keep)

    def value(self) -> Any:
        """The chosen id; None when nothing is chosen; the typed text when it matches no choice."""
        if not self.loaded:
            return self._pending
        index = self._matching_index()
        if index < 0:
            return self.currentText().strip()
        data = self.itemData(index)
        return uuid.UUID(data) if data else None

    def set_value(self, value: Any) -> None:
        if not self.loaded:
            self._pending = value
            return
        index = self.findData(str(value)) if isinstance(value, uuid.UUID) else 0 if value is None else -1
        if index < 0 and isinstance(value, str):
            self.setEditText(value)
            return
        self.setCurrentIndex(max(index, 0))


class NamePicker(_SearchCombo):
    """Picks one of a list of names (a client's manager): the stored value is the name itself."""

    def __init__(self, ctx: AppContext, loader: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loader = loader
        self._pending = ""
        self.addItem(NONE_TEXT, "")
        if (line := self.lineEdit()) is not None:
            line.setPlaceholderText("выберите из списка сотрудников")
        ctx.run_db(loader, self._fill, owner=self)

    def _fill(self, names: list[str]) -> None:
        keep = self._pending if not self.loaded else self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(NONE_TEXT, "")
        for name in names:
            self.addItem(name, name)
        self.loaded = True
        self.blockSignals(False)
        self.set_value(keep)

    def value(self) -> str:
        if not self.loaded:
            return str(self._pending or "")
        text = self.currentText().strip()
        return "" if text == NONE_TEXT else text

    def set_value(self, value: Any) -> None:
        text = str(value or "")
        if not self.loaded:
            self._pending = text
            return
        if text and self.findData(text) < 0:
            self.addItem(text, text)  # a name stored before it was in the list: shown, kept
        self.setCurrentIndex(max(self.findData(text), 0))
