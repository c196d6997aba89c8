module github.com/hari328/platform

go 1.26
