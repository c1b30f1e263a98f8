"""The ids of the site rules (``rules/site.yaml``): a rule of kind ``site`` names one of these
checks, whose code is in :mod:`licscan.site.reservations` or :mod:`licscan.site.agreement`."""

from __future__ import annotations

PROSE_ONLY = "reservation.prose-only"
CONTRADICTION = "reservation.contradiction"
POLICY_MISSING = "reservation.policy-missing"
LICENSE_CONFLICT = "reservation.license-conflict"

OTHER_HOLDER = "site.other-holder"
STALE_YEAR = "site.stale-year"
MISSING_NOTICE = "site.missing-notice"
LICENSE_DIFFERS = "site.license-differs"

SITE_CHECKS = (
    PROSE_ONLY,
    CONTRADICTION,
    POLICY_MISSING,
    LICENSE_CONFLICT,
    OTHER_HOLDER,
    STALE_YEAR,
    MISSING_NOTICE,
    LICENSE_DIFFERS,
)
