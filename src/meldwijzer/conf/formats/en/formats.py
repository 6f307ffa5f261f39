"""Dates in English, in the same order as in Dutch: "5 December 2026", with the time
"5 December 2026, 14:05" (day before month, 24-hour clock, as the Dutch reader of the English
interface is used to)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
