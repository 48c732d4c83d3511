"""Letters: their texts, page geometry, postal addresses and ReportLab rendering."""
