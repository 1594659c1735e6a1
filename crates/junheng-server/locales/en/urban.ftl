# Interface texts: urban (every indicator split by urban-rural category).
urban-title = Urban-rural split
urban-category = Urban-rural category
urban-category-urban = Urban
urban-category-town = Town
urban-category-rural = Rural
urban-category-unclassified = Unclassified
urban-district = Whole district
urban-units = Units
urban-mean = Mean (weighted by students)
urban-ratio = Rural / urban
urban-ratio-is = Rural mean / urban mean = { $v }
urban-no-ratio = Without urban or rural units (or with an urban mean of 0) the ratio of the rural to the urban mean cannot be computed.
urban-note = Means and coefficients of variation within each category are weighted by students, as for the whole district; teaching points merged into their parent school take its category; units without an urban-rural category are listed as unclassified.
urban-trend = The split over the school years
urban-trend-note = Each school year's data version as the pages show it (the newest once it is evaluated), under this page's rulebook.
urban-ratio-chart = { $name }: rural mean / urban mean
urban-card-note = Per section, the indicators whose ratio of the rural to the urban student-weighted mean lies furthest from 1 (below 1: rural schools lag behind urban ones).
urban-card-none = Without urban or rural units there is nothing to compare.
urban-rural-mean = Rural mean
urban-urban-mean = Urban mean
urban-report-ratios = Rural mean / urban mean by school year
urban-distance = Compared with urban schools (this school: { $category }): { $indicator } here { $value }, the district's urban mean { $mean } (weighted by students), a difference of { $difference }, { $percent } of the urban mean.
urban-distance-no-ratio = Compared with urban schools (this school: { $category }): { $indicator } here { $value }, the district's urban mean { $mean } (weighted by students), a difference of { $difference }.
