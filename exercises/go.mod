module gilgrade.dev/exercises

go 1.25
