# Interface texts: map.
map-all-groups = All groups
map-all-sections = All sections
map-all-verdicts = All verdicts
map-all-zones = All zones
map-district-boundary = District boundary:{" "}
map-district-boundary-file = District boundary file
map-geojson-files-wgs-84 = GeoJSON files (WGS-84 longitude/latitude): the district boundary is a Polygon or MultiPolygon; township boundaries are optional, a FeatureCollection with one feature per township and its name in properties.name. An upload replaces the current boundary; earlier ones stay on record.
map-group = Group
map-hint = Point at a dot to see the school's name; click it to open the school's page.
map-junior-secondary = Junior secondary
map-map = Map
map-map-of-schools = Map of schools
map-missing = { $n ->
    [one] { $n } school has no longitude and latitude.
   *[other] { $n } schools have no longitude and latitude.
}
map-not-uploaded-yet = not uploaded yet
map-placed = { $n ->
    [one] { $n } school placed.
   *[other] { $n } schools placed.
}
map-primary = Primary
map-township-boundaries-file-optional = Township boundaries file (optional)
map-upload-boundary = Upload boundary
map-upload-the-district-boundary = Upload the district boundary
map-wgs-84-coordinates = WGS-84 coordinates
map-zone = Zone
