import Metrics
import Prometheus
import Synchronization

/// The process-wide Prometheus registry; MetricsSystem may be bootstrapped only once per process.
public enum PlatformMetrics {
    private static let state = Mutex<PrometheusCollectorRegistry?>(nil)

    public static func registry() -> PrometheusCollectorRegistry {
        state.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            ]
            MetricsSystem.bootstrap(factory)
            current = registry
            return registry
        }
    }
}
