## Zones (issue 12)
zones-title = Zones
zones-zone = Zone
zones-head-school = Head school
zones-definition = A zone's schools in a school year are those whose zone column in that year's statistics names it; a zone's coverage is the share of its schools in an education group.
zones-none = No zones yet: the statistics' zone column is empty and no zone is recorded.
zones-saved = The zone record was saved.
zones-record = Zone record
zones-edit = Edit the zone record
zones-schools = Schools of the zone
zones-no-schools = No school belongs to this zone in this school year.
zones-bundled = Bundled evaluation of the zone (the zone as one unit)
zones-value = Zone value
zones-cv = Spread inside the zone
zones-no-zone = There is no zone named "{ $v }"
