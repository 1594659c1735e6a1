# Interface texts: report.
report-evaluation-report = Evaluation report
report-failing-units-and-the = Failing units and the smallest additions that make them pass
report-met = Met
report-print-this-page-ctrl = Print this page (Ctrl+P) to save it as PDF
report-title-year = County compulsory education resource allocation: supervision and evaluation report, school year { $v }
report-what-closes-the-gaps = What closes the gaps
