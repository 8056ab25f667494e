// The local cluster's NetworkPolicy enforcement: the controller of
// sigs.k8s.io/kube-network-policies, run as a host process beside kube-proxy. Its upstream
// main reads only an in-cluster service account and serves metrics on every address; this
// one takes the admin kubeconfig, serves /metrics and /healthz on the address given
// (127.0.0.1 on the local cluster), removes its nftables table on SIGTERM as on SIGINT, and
// logs a refused nftables sync once rather than at every change (quiet-log.go).
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"k8s.io/klog/v2/textlogger"
	"sigs.k8s.io/kube-network-policies/pkg/networkpolicy"
)

func main() {
	os.Exit(run())
}

func run() int {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster (required)")
	nodeName := flag.String("hostname-override", "", "name of the Node the controller enforces policies on (required)")
	metricsAddress := flag.String("metrics-bind-address", "127.0.0.1:9080", "address of /metrics and /healthz")
	queueID := flag.Int("nfqueue-id", 100, "number of the nfqueue the first packets of connections go through")
	failOpen := flag.Bool("fail-open", false, "let packets through when the controller is not running")
	logConfig := textlogger.NewConfig()
	logConfig.AddFlags(flag.CommandLine)
	flag.Parse()
	klog.SetLogger(newQuietLogger(textlogger.NewLogger(logConfig)))
	if *kubeconfig == "" || *nodeName == "" {
		fmt.Fprintln(os.Stderr, "--kubeconfig and --hostname-override are required")
		return 2
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.ErrorS(err, "reading the kubeconfig", "path", *kubeconfig)
		return 1
	}
	config.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	config.ContentType = "application/vnd.kubernetes.protobuf"
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		klog.ErrorS(err, "creating the client")
		return 1
	}
	factory := informers.NewSharedInformerFactory(clientset, 0)
	controller, err := networkpolicy.NewController(
		clientset,
		factory.Networking().V1().NetworkPolicies(),
		factory.Core().V1().Namespaces(),
		factory.Core().V1().Pods(),
		nil, nil, nil, nil,
		networkpolicy.Config{
			FailOpen:            *failOpen,
			QueueID:             *queueID,
			NodeName:            *nodeName,
			NetfilterBug1766Fix: true,
			// Kept on as upstream's main keeps it: with NRIdisabled v0.8.0 dereferences its nil
			// plugin on the first packet from an address no pod holds. Without an NRI socket
			// (containerd 1.6 has none) the plugin only logs that it could not connect.
			NRIdisabled: false,
		},
	)
	if err != nil {
		klog.ErrorS(err, "creating the network policy controller")
		return 1
	}

	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.Handler())
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	server := &http.Server{Addr: *metricsAddress, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := server.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			klog.ErrorS(err, "serving metrics", "address", *metricsAddress)
			cancel()
		}
	}()

	done := make(chan error, 1)
	go func() { done <- controller.Run(ctx) }()
	factory.Start(ctx.Done())

	code := 0
	select {
	case <-ctx.Done():
		// Run returns after removing its nftables table.
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	case err := <-done:
		klog.ErrorS(err, "the network policy controller stopped")
		code = 1
	}
	_ = server.Close()
	return code
}
