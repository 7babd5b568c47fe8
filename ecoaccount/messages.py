"""Every message template a user can see, in one place (cf. invest's validation_messages.py).

Each message says what was found and what was expected; when two fields are involved it quotes
both values and says how to fix it.  Append method-specific messages in their own section.
"""

from __future__ import annotations

# --- workbook structure -----------------------------------------------------------------------
NOT_A_WORKBOOK = "File could not be opened as a workbook ({detail}); expected .xlsx, .xlsm, .xlsb or .ods"
NOT_OUR_TEMPLATE = (
    "This workbook is not an ecoaccount template: no sheet is marked with a template kind; "
    "expected a workbook made by 'ecoaccount template KIND'"
)
UNSAFE_ARCHIVE = "Refused to open: {detail}"
MISSING_SHEET = "Sheet {sheet!r} is missing; expected the sheets {expected}"
MISSING_HEADER = "Header {header!r} not found in row {row}; expected {expected} (en or zh label)"
UNKNOWN_UNIT = "Unit {value!r} is not known; expected one of {expected}"

# --- cell values ------------------------------------------------------------------------------
REQUIRED = "{field} is empty; expected a value"
NOT_A_NUMBER = "Value {value!r} could not be interpreted as a number; expected a number in {unit}"
NOT_AN_INTEGER = "Value {value!r} is not a whole number; expected a year such as 2020"
BELOW_MIN = "{field} is {value}; expected a value of at least {bound}"
ABOVE_MAX = "{field} is {value}; expected a value of at most {bound}"
NEGATIVE = "{field} is {value}; expected a value of 0 or more"
NOT_IN_CHOICES = "{field} {value!r} is not one of {expected}"
DUPLICATE_ROW = "Duplicate row: {key} appears again (first at {first}); expected each once"
EMPTY_TABLE = "Table {table!r} has no rows; expected at least one"

# --- land-use transfer matrix and carbon-sink zones (003) -------------------------------------
LANDUSE_MISSING_COLUMN = "Table {table!r} has no column {column!r}; expected the columns {expected}"
LANDUSE_UNKNOWN_CLASS = (
    "Land class {value!r} does not appear in the zone rules; expected one of {expected} "
    "(or add the class to the rules table)"
)
LANDUSE_UNKNOWN_ZONE = "Zone {value!r} is not a carbon-sink zone; expected one of {expected}"
LANDUSE_PARCEL_MISSING = (
    "Parcel {parcel!r} is in the {present} table but not in the {absent} table; "
    "expected every parcel in both tables"
)
LANDUSE_AREA_NOT_BALANCED = (
    "Parcels total {before} ha at the first date and {after} ha at the second "
    "(difference {difference} ha); expected equal totals within {tolerance} ha, "
    "because both dates must cover the same study area"
)
LANDUSE_PERIOD_NOT_ORDERED = (
    "Period {start}-{end}: start year {start} is not before end year {end}; "
    "expected start_year < end_year"
)
LANDUSE_PERIOD_OUT_OF_ORDER = (
    "Period {start}-{end} starts before the previous period {previous_start}-{previous_end} ends; "
    "expected periods listed in time order without overlap"
)
LANDUSE_PERIOD_AREA_NOT_BALANCED = (
    "Period {start}-{end} covers {area} ha but period {first_start}-{first_end} covers "
    "{first_area} ha; expected the same study-area total in every period within {tolerance} ha"
)
LANDUSE_SEVERAL_PERIODS = (
    "The transition table holds {count} periods ({periods}); expected one period for a "
    "transfer matrix (select one period first)"
)
MISSING_PARAM = "Parameter {param!r} is missing from the parameters table; expected a row with id {param!r}"

# --- vegetation carbon sequestration dynamics (002) -------------------------------------------
VCS_MISSING_COLUMN = "Table {table!r} has no column {column!r}; expected the columns {expected}"
VCS_NO_NPP_COLUMNS = (
    "Table {table!r} has neither an 'npp' column nor all of the mixed-pixel columns {mixed}; "
    "expected one of the two"
)
VCS_NPP_AND_MIXED = (
    "Table {table!r} has both an 'npp' column and the mixed-pixel columns {mixed}; expected one "
    "of the two (NPP of the vegetated area, or the inputs of Eq. (1) to compute it)"
)
VCS_YEAR_OUT_OF_ORDER = (
    "Year {year} of patch {patch!r} comes after year {previous}; expected the years of each "
    "patch in ascending order"
)
VCS_MISSING_PATCH_YEAR = (
    "Patch {patch!r} has no row for {years}; expected one row per patch for every year in the "
    "table"
)
VCS_RESTORED_EXCEEDS_DESTROYED = (
    "Patch {patch!r}: restored area up to {year} is {restored} ha but destroyed area up to {year} "
    "is only {destroyed} ha; expected restored area not to exceed destroyed area so far "
    "(check destroyed_ha and restored_ha of this patch)"
)
VCS_NPP_REQUIRED = "NPP of patch {patch!r} in {year} is empty; expected a value because {reason}"
VCS_NPP_REQUIRED_BASELINE = "it is a pre-destruction year used by the baseline of Eqs. (3)-(4)"
VCS_NPP_REQUIRED_RESTORED = "the patch has restored area that year (direct increase, C_restore)"
VCS_PIXEL_AREA_NOT_POSITIVE = "Pixel area S is {value}; expected a value greater than 0"
VCS_VEG_AREA_EXCEEDS_PIXEL = (
    "Vegetated area S_veg is {s_veg} but pixel area S is {s}; expected S_veg between 0 and S"
)
VCS_NPP_A_NEGATIVE = (
    "NPP after scale transformation (Eq. (1)) is {value}: NPP_b x S = {total} is smaller than "
    "NPP_bg x (S - S_veg) = {background}; expected NPP_b x S of at least NPP_bg x (S - S_veg)"
)
VCS_DESTRUCTION_BEFORE_START = (
    "Destruction year {year} of patch {patch!r} is before the first year of the series ({first}); "
    "expected a destruction year within the series, after at least one undisturbed year"
)
VCS_RESTORATION_WITHOUT_DESTRUCTION = (
    "Patch {patch!r} has restoration year {year} but no destruction year; expected a "
    "destruction year before any restoration year"
)
VCS_RESTORATION_NOT_AFTER_DESTRUCTION = (
    "Patch {patch!r}: restoration year {restoration} falls in observed year {restoration_in}, "
    "not after destruction year {destruction} (observed year {destruction_in}); expected "
    "restoration in a later observed year than destruction"
)

# --- GEP of a restoration project (ecoaccount.methods.gep) -----------------------------------
GEP_MISSING_PARAMETER = (
    "Parameter {parameter!r} ({label}, {unit}) is empty{where}; expected a value ({source})"
)
GEP_FACTOR_OUT_OF_RANGE = "{factor} factor is {value}{where}; expected a value between 0 and 1"
GEP_UNKNOWN_LAND_TYPE = (
    "Land type {value!r} is not in the land-type mapping; expected one of {expected} "
    "(or add it to the mapping with a coefficient set)"
)
GEP_UNKNOWN_COEFFICIENT_SET = (
    "Coefficient set {value!r} of land type {land_type!r} has no parameters; expected one of {expected}"
)
GEP_AREA_MISMATCH = (
    "Land-use areas of scenario {scenario!r} add up to {total:.4g} ha; expected {expected:.4g} ha "
    "({basis}) within {tolerance:g} ha"
)
GEP_EMPTY_SCENARIO = (
    "Scenario {scenario!r} has no land-use area; expected rows with a positive area_ha "
    "for each of {expected}"
)
GEP_MISSING_COLUMN = "Column {column!r} is missing from table {table!r}; expected columns {expected}"

# --- ESV and compensation (000) ---------------------------------------------------------------
ESV_UNMAPPED_CLASS = (
    "Land class {value!r} has no row in the class mapping; expected one of {expected}, "
    "or add {value!r} to the class mapping table"
)
ESV_UNKNOWN_SUBTYPE = "Factor sub-type {value!r} is not in the factor table; expected one of {expected}"
ESV_WEIGHTS = (
    "Mapping weights of class {cls!r} add up to {total}; expected 1 (or 0 for a class without services)"
)
ESV_NO_GRAIN = (
    "No grain statistics for region {region!r}, year {year}; expected rows in the grain table to compute Ea (eq. 1)"
)
ESV_ZERO_SOWN = (
    "Total sown area of region {region!r}, year {year} is 0; expected a positive total to compute Ea (eq. 1)"
)
ESV_NO_GDP = "GDP is missing for region {region!r}, year {year}; expected a row in the GDP table"
ESV_REGION_NAME = "Region name {value!r} starts with = < > or contains * ? ~; expected a plain name"
ESV_NO_CLASSES = "LandUse has no land-class columns after Region and Year; expected one column per land class"
ESV_MISSING_SERVICES = "Services table lacks {missing}; expected one row per service of the factor table"

# --- VCS template (ecoaccount.kinds.vcs) ------------------------------------------------------
VCS_ID_NAME = (
    "{field} {value!r} starts with = < > or contains * ? ~; expected a plain name (these "
    "characters act as wildcards in the SUMIFS formulas of the result)"
)
VCS_ID_CASE = (
    "{field} {value!r} differs from {other!r} (first at {first}) only in letter case; expected "
    "names that differ in more than case (the SUMIFS formulas of the result ignore case)"
)
VCS_NPP_WITH_MIXED = (
    "NPP is filled in this row while the mixed-pixel inputs of Eq. (1) are filled in other rows "
    "(first at {first}); expected either NPP in every row or NPP_b, NPP_bg, S and S_veg instead"
)
VCS_MIXED_INCOMPLETE = (
    "Mixed-pixel inputs of Eq. (1) are incomplete in this row ({missing} empty); expected all "
    "four of NPP_b, NPP_bg, S and S_veg, or none of them"
)
VCS_EVENT_PATCH_NOT_IN_ANNUAL = (
    "Patch {patch!r} has destruction/restoration years here but no rows in {table}; expected "
    "yearly NPP rows for every patch listed here"
)
VCS_AREAS_GIVEN_TWICE = (
    "Patch {patch!r} has {value} in this row and also a row in {table} (at {where}); expected "
    "its areas either per year here or as destruction/restoration years there, not both"
)
VCS_NPP_REQUIRED_PREVIOUS = (
    "more area of the patch is destroyed in {year} and its direct decrease uses the VCS of the "
    "previous observed year"
)

# --- land-use template (ecoaccount.kinds.landuse) ---------------------------------------------
LANDUSE_NO_INPUT = (
    "Neither the Transitions table nor the two parcel tables have rows; expected one of the two "
    "(a long table of from class, to class and area, or the parcels of both dates)"
)
LANDUSE_BOTH_INPUTS = (
    "The Transitions table has {transitions} row(s) and the parcel tables have {parcels} row(s); "
    "expected one of the two (clear the Transitions table or the parcel tables)"
)
LANDUSE_ONE_PARCEL_TABLE = (
    "Table {present!r} has rows but table {absent!r} is empty; expected the parcels of both dates"
)
LANDUSE_PARCEL_YEAR = (
    "Parameter {param!r} is empty; expected the year of the {which} land-use map, because the "
    "parcel tables are filled"
)
LANDUSE_CLASS_NOT_LISTED = (
    "Land class {value!r} is not in the Classes table; expected one of {expected} "
    "(or add {value!r} to the Classes table)"
)
LANDUSE_CLASS_NAME = (
    "Land class {value!r} starts with = < > or contains * ? ~ |; expected a plain name "
    "(spreadsheet lookups would read those characters as patterns)"
)
LANDUSE_CLASS_CASE = (
    "Land class {value!r} differs from {other!r} (at {first}) only in upper/lower case; expected "
    "distinct names, because spreadsheet lookups ignore case"
)
LANDUSE_PARCEL_AREA_DIFFERS = (
    "Parcel {parcel!r} has {after} here but {before} at {before_cell}; expected the same area at "
    "both dates within {tolerance} (a parcel is one polygon of the overlay of the two maps)"
)
LANDUSE_DUPLICATE_PARCEL = (
    "Parcel {parcel!r} appears again (first at {first}); expected each parcel id once per table"
)
LANDUSE_CHAIN_NOT_BALANCED = (
    "Class {cls!r} covers {end} at the end of period {a}-{b} but {start} at the start of period "
    "{b}-{c} (difference {difference}); expected the same {b} area within {tolerance}"
)
LANDUSE_REFERENCE_NEEDS = "{field} is empty; expected a value for a {quantity!r} reference figure"
LANDUSE_REFERENCE_ZONE = "Zone {value!r} is not a carbon-sink zone; expected one of {expected}"
VCS_MIXED_WITH_NPP = (
    "Mixed-pixel input of Eq. (1) is filled in this row while NPP is given in the other rows "
    "(first at {first}); expected either NPP in every row or NPP_b, NPP_bg, S and S_veg instead"
)

# --- GEP template (ecoaccount.kinds.gep) -------------------------------------------------------
GEP_SCENARIO_AREA = (
    "Land-use areas of scenario {scenario!r} add up to {total:.10g} {unit}; expected "
    "{expected:.10g} {unit} (the project area, {where}) within {tolerance:g} {unit}"
)
GEP_NAME = (
    "{field} {value!r} starts with = < > or contains * ? ~; expected a plain name (these characters "
    "act as operators or wildcards in the result formulas)"
)
GEP_SAME_SCENARIOS = (
    "Target scenario {value!r} is the baseline scenario too; expected two different scenario names "
    "(e.g. before and after)"
)
TOO_LARGE = "{field} is {value}; expected a number between -{bound} and {bound}"

# --- templates: units in headers, names, files ---------------------------------------------------
HEADER_UNIT = (
    "Header {header!r} gives the unit {unit!r}, but the unit chosen at {where} is {chosen!r}; expected "
    "the same unit in both (change the header's unit or the choice)"
)
GEP_SCENARIO_NO_AREA = (
    "Scenario {scenario!r} has no land-use area in LandUse; expected a scenario that LandUse has "
    "({found}), spelled the same way, or rows for this one"
)
GEP_LAND_TYPE_UNNAMED = "This land type has no name; expected a name in English, in Chinese or in both"
TEMPLATE_EXISTS = "File {path} already exists; expected a new file name, or {flag} to replace it"

# --- damaged and hostile files ----------------------------------------------------------------
FILE_NOT_FOUND = "There is no such file: {path!r}; check the name and the folder, and give the path of the workbook"
FILE_IS_FOLDER = (
    "{path!r} is a folder, not a workbook; give the path of one .xlsx file in it "
    "(or use 'ecoaccount batch' to process a whole folder)"
)
FILE_NOT_REGULAR = "{path!r} is not a regular file (a device or a pipe); give the path of a saved .xlsx workbook"
FILE_WRONG_TYPE = (
    "Files of type {suffix!r} cannot be read; save the workbook as .xlsx (Excel Workbook) and give that file"
)
FILE_OLD_XLS = (
    "This is an old-format Excel file (.xls); open it in Excel or LibreOffice, save it as .xlsx "
    "(Excel Workbook), and give that file"
)
FILE_ENCRYPTED = (
    "The workbook is password-protected; open it in Excel, save a copy without a password "
    "(File > Info > Protect Workbook > Encrypt with Password, clear the password) and give that copy"
)
FILE_DAMAGED = (
    "The file is damaged or is not a workbook ({detail}); open it in Excel or LibreOffice, save it "
    "again as .xlsx, and give the saved copy"
)
ARCHIVE_TOO_LARGE = (
    "The workbook unpacks to {size} MiB ({what}); at most {limit} MiB is accepted; delete unused "
    "sheets, rows and columns, save it again, and give that file"
)
ARCHIVE_RATIO = (
    "Part {part!r} of the workbook unpacks to {ratio} times its packed size, as a compressed attack "
    "does (at most {limit} times is accepted); open the workbook in Excel or LibreOffice, save it "
    "again, and give the saved copy"
)
SHEET_TOO_LARGE = (
    "Sheet {sheet!r} has content as far as cell {cell}, which makes {cells} cells to read; at most "
    "{limit} are accepted; delete the stray cells beyond your data (Ctrl+End shows the last used "
    "cell), save, and check again"
)
ERROR_CELL = "The cell shows the error {error}; correct the formula or type the value itself"
AMBIGUOUS_NUMBER = (
    "Value {value!r} is ambiguous: the comma may be a decimal comma or a thousands separator; "
    "type the number without a comma (for example 1.5 or 15)"
)
DATE_NOT_NUMBER = (
    "Value {value} is a date; expected a number in {unit}; format the cell as a number (Format "
    "Cells > Number) and type the value again"
)
DATE_NOT_YEAR = (
    "Value {value} is a date; expected a year such as 2020; format the cell as a number (Format "
    "Cells > Number) and type the year again"
)
RESULT_AS_INPUT = "This is a result workbook made by ecoaccount; give the template/input it was made from"
NEWER_TEMPLATE = (
    "This workbook was made by a newer ecoaccount (template version {found}; this one reads "
    "versions up to {supported}); update ecoaccount (pip install -U ecoaccount) and check again"
)
DUPLICATE_HEADER = (
    "Header {header!r} appears a second time (first at {first}); delete or rename one of the two "
    "columns, so that each column appears once"
)
CONTROL_CHARACTER = (
    "Text {value!r} holds the invisible control character {char}, which Excel cannot store; retype the text without it"
)
TEXT_TOO_LONG = (
    "Text of {length} characters is longer than the {limit} characters an Excel cell holds; "
    "shorten it or move it into a note"
)
NAME_TWIN = (
    "{field} {value!r} differs from {other!r} (first at {first}) only in letter case or character "
    "width; use one spelling for both, because spreadsheet formulas treat them as the same name"
)
OUTPUT_IS_FOLDER = "Output {path!r} is a folder; give a file name for the result, such as {suggestion!r}"
OUTPUT_NOT_REGULAR = (
    "Output {path!r} is not a regular file (a device or a pipe); give the name of an .xlsx file to write"
)
OUTPUT_IS_INPUT = "Output {path!r} is the input file; fill never changes its input, so give another name"
OUTPUT_NAME_TOO_LONG = (
    "Output name {name!r} has {length} bytes, more than the {limit} this folder allows; give a shorter name"
)
OUTPUT_NOT_WRITTEN = "Could not write {path!r} ({detail}); check the folder exists and you may write in it"
GDP_NOT_POSITIVE = "GDP is {value}; expected a value greater than 0, because ECPS divides by GDP per unit area"
ESV_ZERO_AREA = (
    "Region {region!r}, year {year} has a land area of 0 in every class; type its areas, or delete "
    "the row (ECPS divides by the area)"
)
ALL_PRICES_ZERO = (
    "Every grain price of region {region!r}, year {year} is 0, so Ea would be 0; type the prices of the grain crops"
)
