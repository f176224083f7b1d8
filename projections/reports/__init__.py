"""The evaluators' reports: pure computations over rows of the usage projection.

``source.ReportSource`` reads a :class:`facts.ReportInput` for one site and period; the
functions below turn it into msgspec structs, each figure with the text of its method.
"""

from projections.reports.demand import DemandReport, demand_report
from projections.reports.facts import ReportInput
from projections.reports.specification import SpecificationReport, specification_report
from projections.reports.utilisation import GROUPS, UtilisationReport, utilisation_report
from projections.reports.whatif import WhatIfReport, what_if

__all__ = [
    "GROUPS",
    "DemandReport",
    "ReportInput",
    "SpecificationReport",
    "UtilisationReport",
    "WhatIfReport",
    "demand_report",
    "specification_report",
    "utilisation_report",
    "what_if",
]
