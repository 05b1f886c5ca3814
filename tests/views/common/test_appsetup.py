"""Qt's own file dialog speaks Russian, including the labels Qt's Russian translation file lacks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel

from mos_desktop.views.common.appsetup import install_translations


def test_the_file_dialog_labels_are_russian(qapp: Any, qtbot: Any) -> None:
    assert install_translations(qapp)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Перейти к:"  # qtbase still answers
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Папка:"
    assert QCoreApplication.translate("НетТакого", "Not translated") == "Not translated"
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "Выписка банка", "", "Выписка 1С (*.txt)")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(mode)
        dialog.show()
        texts = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
        assert {"&Папка:", "&Тип файлов:"} <= texts, texts
        assert not [t for t in texts if any("a" <= c.lower() <= "z" for c in t)], texts
