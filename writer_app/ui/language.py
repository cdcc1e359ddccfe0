"""The language of the window: the app's own translation and Qt's (standard dialogs and
buttons), chosen from the system's locale or the writer's choice (File ▸ Language).

Translations are Qt's: ``translations/*.ts`` in the repository (``scripts/update_translations.sh``
lists every string marked with tr()), compiled to ``writer_app/i18n/*.qm`` by ``scripts/setup.sh``
and by the installers.  A language takes effect when the app starts: the widgets are made with
their text once, so File ▸ Language says the change comes with the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from writer_app.core.text.sentence import Sentence

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"
# The languages offered in File ▸ Language, each named in itself (a writer who cannot read the
# current language can still find their own).  "" follows the system.
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))


def locale_for(choice: str) -> QLocale:
    """The locale of ``choice`` ("" = the system's)."""
    return QLocale(choice) if choice else QLocale.system()


def shown(text: object) -> str:
    """``text`` as the writer reads it: a core ``Sentence`` in the window's language (its values
    too, when they are Sentences), also when it is an exception's message (``str(error)`` keeps
    the Sentence); anything else as ``str()`` has it.  A translation whose placeholders do not
    match its English gives the English, never a crash."""
    if not isinstance(text, str):
        text = str(text)
    if not isinstance(text, Sentence):
        return text
    translated = QCoreApplication.translate(text.context, text.template)
    if not text.values:
        return translated
    values = {k: shown(v) if isinstance(v, Sentence) else v for k, v in text.values.items()}
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        log.warning("the translation of %r does not fit its values", text.template)
        return str.__str__(text)


def install_translators(app: QCoreApplication, choice: str = "") -> QLocale:
    """Load the translations for ``choice`` into ``app``; the locale used (numbers are then
    written its way, 1,234 or 1 234)."""
    locale = locale_for(choice)
    QLocale.setDefault(locale)
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return locale  # the source text is English
    ours = QTranslator(app)
    if ours.load(locale, "writer_app", "_", str(I18N_DIR)):
        app.installTranslator(ours)
    else:
        log.warning(
            "no translation of writer-app for %s in %s (run scripts/setup.sh to build it)",
            locale.name(),
            I18N_DIR,
        )
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    return locale


def remove_translators(app: QCoreApplication) -> None:
    """Back to the source language (tests; a writer changes language by restarting)."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
