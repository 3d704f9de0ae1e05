"""Product names folded again as ``domains.catalog.model.fold`` now folds them: typographic
apostrophes become the ASCII one and invisible format characters go, so `/products?q=` matches
"l\u2019oréal" and "l'oréal" alike. Only names holding such a character change (the common format
characters are listed: PostgreSQL's regular expressions have no Unicode category).
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:11:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalog: folded product names without typographic apostrophes or format characters"
FORMAT = r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
UP = f"""
UPDATE catalog_product
SET folded_name = regexp_replace(translate(folded_name, E'\\u2019\\u02bc\\u2018', ''''''''), '{FORMAT}', '', 'g')
WHERE folded_name ~ '[\\u2019\\u02bc\\u2018]' OR folded_name ~ '{FORMAT}'
"""

forwards = sql_migration(migration_id=ID, app="catalog", description=DESCRIPTION, up=UP, down="")
