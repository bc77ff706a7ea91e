"""The building trades every installation starts with (code, Danish, English)."""

TRADES: tuple[tuple[str, str, str], ...] = (
    ("murer", "Murer", "Bricklayer"),
    ("toemrer", "Tømrer", "Carpenter"),
    ("maler", "Maler", "Painter"),
    ("vvs", "VVS-installatør", "Plumber"),
    ("elektriker", "Elektriker", "Electrician"),
    ("struktoer", "Struktør", "Structural worker"),
    ("anlaegsgartner", "Anlægsgartner", "Landscaper"),
    ("stilladsmontoer", "Stilladsmontør", "Scaffolder"),
    ("tagdaekker", "Tagdækker", "Roofer"),
    ("nedriver", "Nedriver", "Demolition worker"),
    ("snedker", "Snedker", "Joiner"),
    ("gulvlaegger", "Gulvlægger", "Floor layer"),
    ("jord_og_beton", "Jord og beton", "Groundworks and concrete"),
    ("brolaegger", "Brolægger", "Paver"),
    ("glarmester", "Glarmester", "Glazier"),
    ("isolatoer", "Isolatør", "Insulation worker"),
    ("ventilation", "Ventilationsmontør", "Ventilation fitter"),
    ("kloakmester", "Kloakmester", "Drainage contractor"),
    ("byggepladsservice", "Byggepladsservice", "Site services"),
)
