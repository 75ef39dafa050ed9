//! A rollout on a cluster that must grow: 1,000 replicas requesting 250m CPU and 512 MiB on 70
//! nodes of 4 CPU and 16 GiB (16 pods a node: 1,120 fit), a cluster autoscaler of up to 100
//! nodes, lognormal Ready times, and traffic at 1,000 requests a simulated second over 10
//! simulated minutes.

pub const SCENARIO: &str = "deployment:
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    replicas: 1000
    selector: {matchLabels: {app: web}}
    strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
    template:
      metadata: {labels: {app: web}}
      spec:
        containers: [{name: web, image: 'web:v1', resources: {requests: {cpu: 250m, memory: 512Mi}}}]
images: {'web:v2': {readyAfter: {lognormal: {p50: 10, p99: 40}}, stopAfter: 5}}
cluster: {nodes: 70, node: {cpu: '4', memory: 16Gi, pods: 110}, autoscaler: {maxNodes: 100, provisionSeconds: 60}}
events: [{at: 1, setImage: 'web:v2'}]
until: 600
traffic: {rate: 1000, propagationDelay: 1}
";
