package chartrender_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
)

func ExampleRenderPath() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{
		ReleaseName: "demo",
		Values:      []string{"greeting=Hi"},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range res.Manifests {
		fmt.Printf("%s %s (%s)\n", m.Kind, m.Name, m.Source)
	}
	for _, h := range res.Hooks {
		fmt.Printf("hook %s %s %v\n", h.Kind, h.Name, h.Events)
	}
	// Output:
	// ConfigMap demo-greeter (hello/charts/greeter/templates/configmap.yaml)
	// ConfigMap demo-hello (hello/templates/configmap.yaml)
	// Service demo-hello (hello/templates/service.yaml)
	// Deployment demo-hello (hello/templates/deployment.yaml)
	// Greeting demo-hello (hello/templates/configmap.yaml)
	// hook Pod demo-hello-test-connection [test]
	// hook Job demo-hello-setup [pre-install pre-upgrade]
}

func ExampleResult_WriteTo() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{
		ReleaseName: "hello",
		ShowOnly:    []string{"charts/greeter/templates/configmap.yaml"},
		Values:      []string{"greeter.message=Hey"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Prints what `helm template hello examples/charts/hello --set greeter.message=Hey
	// -s charts/greeter/templates/configmap.yaml` prints.
	if _, err := res.WriteTo(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// ---
	// # Source: hello/charts/greeter/templates/configmap.yaml
	// apiVersion: v1
	// kind: ConfigMap
	// metadata:
	//   name: hello-greeter
	// data:
	//   message: "Hey"
	//   team: "platform"
}

func ExampleRenderer() {
	c, err := chart.Load("examples/charts/hello")
	if err != nil {
		log.Fatal(err)
	}
	// Parse once, render many times (also from several goroutines).
	r := chartrender.NewRenderer(c)
	for _, replicas := range []string{"1", "3"} {
		res, err := r.Render(context.Background(), chartrender.Options{
			Values:       []string{"replicaCount=" + replicas, "greeter.enabled=false"},
			DisableHooks: true,
		})
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range res.Manifests {
			if m.Kind == "Deployment" {
				for _, line := range strings.Split(m.Content, "\n") {
					if strings.Contains(line, "replicas:") {
						fmt.Println(m.Name, strings.TrimSpace(line))
					}
				}
			}
		}
	}
	// Output:
	// release-name-hello replicas: 1
	// release-name-hello replicas: 3
}
