"""This folder is installed as the package ``helpers.admissions`` (see pyproject.toml), so
``helpers.load_admissions()`` finds binary.csv through importlib.resources wherever the course
is installed, a wheel outside the repository included. See README.md for the data."""
