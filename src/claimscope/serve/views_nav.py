"""What the navigation bar links to, in order (apart from the views so that
templates and the report can use it without importing the queries)."""

NAV = (("/", "Home"), ("/search", "Search"), ("/pages", "Pages"), ("/sources", "Sources"),
       ("/flags", "Flags"), ("/map", "Map"), ("/timeline", "Timeline"), ("/stories", "Stories"))
