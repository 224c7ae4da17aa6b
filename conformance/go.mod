module github.com/chartrender/chartrender/conformance

go 1.26

require (
	github.com/chartrender/chartrender v0.0.0
	helm.sh/helm/v4 v4.3.1
)

replace github.com/chartrender/chartrender => ../
