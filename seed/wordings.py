"""French wordings of the demo's indicators, result statements and budget lines (the English ones are the
names given; a page or file in French shows these, and falls back to the English where none is kept)."""
from __future__ import annotations

from sqlalchemy import select

from db.models import BudgetLine, Indicator, ResultLevel
from seed.context import Demo

INDICATORS_FR = {
    "1a": "Nombre de femmes migrantes insérées dans un emploi salarié ou indépendant",
    "1b": "% de femmes formées sans revenu du travail 6 mois après la formation",
    "2a": "% d'agents formés déclarant de meilleures connaissances",
    "2b": "Nombre d'institutions adoptant une mesure d'inclusion des migrants régularisés",
    "1.1a": "Nombre de femmes migrantes touchées par la formation (cumulé)",
    "1.2a": "Nombre de plans d'affaires approuvés",
    "1.2b": "Nombre d'entreprises en activité 6 mois après leur lancement",
    "2.1a": "Nombre d'agents publics et associatifs formés",
    "2.1b": "Nombre de formations, ateliers, dialogues politiques et visites d'étude tenus",
}
STATEMENTS_FR = {
    "1": "Employabilité et moyens de subsistance des femmes migrantes régularisées à Casablanca et Rabat "
         "améliorés",
    "2": "Acteurs gouvernementaux et non gouvernementaux marocains mieux à même d'inclure les migrants "
         "régularisés dans leurs programmes et politiques",
    "1.1": "Femmes migrantes régularisées formées à des métiers demandés",
    "1.2": "Femmes migrantes régularisées formées à l'entrepreneuriat et appuyées pour créer des "
           "micro-entreprises",
    "2.1": "Acteurs publics et associatifs formés ; ateliers et dialogues politiques tenus",
}
BUDGET_LINES_FR = {
    "STAFF": "Personnel", "OFFICE": "Bureau et frais de fonctionnement", "VT": "Formation professionnelle",
    "ENT": "Formation à l'entrepreneuriat et appui au démarrage", "STK": "Événements avec les acteurs",
    "ME": "Suivi, évaluation et rapports", "OH": "Frais généraux",
}


def add_french_wordings(demo: Demo) -> None:
    """Give the framework's and the budget's rows their French wording (after both are loaded)."""
    session, project_id = demo.session, demo.project.id
    levels = session.scalars(select(ResultLevel).where(ResultLevel.project_id == project_id)).all()
    for level in levels:
        level.statement_fr = STATEMENTS_FR.get(level.code)
    for indicator in session.scalars(select(Indicator).where(Indicator.level_id.in_([lv.id for lv in levels]))):
        indicator.name_fr = INDICATORS_FR.get(indicator.code)
    for line in session.scalars(select(BudgetLine).where(BudgetLine.project_id == project_id)):
        line.name_fr = BUDGET_LINES_FR.get(line.code)
    session.flush()
