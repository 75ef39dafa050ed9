//! A `kubectl get deploy,rs,pods -o yaml` List of a 1,000-replica Deployment halfway through a
//! rollout, with what a server writes into each pod (managedFields, the full spec and status):
//! the input of the import benchmark, about 4 KB a pod as real ones are.

use std::fmt::Write;

fn ts(s: u32) -> String {
    format!("2024-05-01T12:{:02}:{:02}Z", (s / 60) % 60, s % 60)
}

fn pod(out: &mut String, i: u32, rs: &str, hash: &str, image: &str, created: u32, ready: bool) {
    let name = format!("{rs}-{:05x}", i * 7919 % 0xfffff);
    let node = format!("node-{}", i % 20);
    let _ = write!(
        out,
        r#"- apiVersion: v1
  kind: Pod
  metadata:
    creationTimestamp: "{created}"
    generateName: {rs}-
    labels:
      app: web
      pod-template-hash: {hash}
    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:generateName: {{}}
          f:labels:
            .: {{}}
            f:app: {{}}
            f:pod-template-hash: {{}}
          f:ownerReferences:
            .: {{}}
            k:{{"uid":"0b7c5e1a-{hash}"}}: {{}}
        f:spec:
          f:containers:
            k:{{"name":"web"}}:
              .: {{}}
              f:image: {{}}
              f:imagePullPolicy: {{}}
              f:name: {{}}
              f:ports:
                .: {{}}
                k:{{"containerPort":8080,"protocol":"TCP"}}:
                  .: {{}}
                  f:containerPort: {{}}
                  f:protocol: {{}}
              f:readinessProbe:
                .: {{}}
                f:httpGet:
                  .: {{}}
                  f:path: {{}}
                  f:port: {{}}
          f:dnsPolicy: {{}}
          f:restartPolicy: {{}}
      manager: kube-controller-manager
      operation: Update
      time: "{created}"
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:status:
          f:conditions:
            k:{{"type":"Ready"}}:
              .: {{}}
              f:lastProbeTime: {{}}
              f:lastTransitionTime: {{}}
              f:status: {{}}
              f:type: {{}}
          f:containerStatuses: {{}}
          f:hostIP: {{}}
          f:phase: {{}}
          f:podIP: {{}}
          f:startTime: {{}}
      manager: kubelet
      operation: Update
      subresource: status
      time: "{created}"
    name: {name}
    namespace: default
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: ReplicaSet
      name: {rs}
      uid: 0b7c5e1a-{hash}
    resourceVersion: "{rv}"
    uid: 5f1c{i:08x}-4d2e-4f6a-9b1c-{i:012x}
  spec:
    containers:
    - image: {image}
      imagePullPolicy: IfNotPresent
      name: web
      ports:
      - containerPort: 8080
        protocol: TCP
      readinessProbe:
        failureThreshold: 3
        httpGet:
          path: /healthz
          port: 8080
          scheme: HTTP
        periodSeconds: 10
        successThreshold: 1
        timeoutSeconds: 1
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
      terminationMessagePath: /dev/termination-log
      terminationMessagePolicy: File
      volumeMounts:
      - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
        name: kube-api-access-{hash}
        readOnly: true
    dnsPolicy: ClusterFirst
    enableServiceLinks: true
    nodeName: {node}
    preemptionPolicy: PreemptLowerPriority
    priority: 0
    restartPolicy: Always
    schedulerName: default-scheduler
    securityContext: {{}}
    serviceAccount: default
    serviceAccountName: default
    terminationGracePeriodSeconds: 30
    tolerations:
    - effect: NoExecute
      key: node.kubernetes.io/not-ready
      operator: Exists
      tolerationSeconds: 300
    - effect: NoExecute
      key: node.kubernetes.io/unreachable
      operator: Exists
      tolerationSeconds: 300
  status:
    conditions:
    - lastProbeTime: null
      lastTransitionTime: "{created}"
      status: "True"
      type: Initialized
    - lastProbeTime: null
      lastTransitionTime: "{ready_at}"
      status: "{ready_status}"
      type: Ready
    - lastProbeTime: null
      lastTransitionTime: "{ready_at}"
      status: "{ready_status}"
      type: ContainersReady
    - lastProbeTime: null
      lastTransitionTime: "{created}"
      status: "True"
      type: PodScheduled
    containerStatuses:
    - containerID: containerd://{i:064x}
      image: docker.io/library/{image}
      imageID: docker.io/library/web@sha256:{i:064x}
      lastState: {{}}
      name: web
      ready: {ready}
      restartCount: 0
      started: true
      state:
        running:
          startedAt: "{created}"
    hostIP: 10.0.{n1}.{n2}
    phase: Running
    podIP: 10.244.{p1}.{p2}
    podIPs:
    - ip: 10.244.{p1}.{p2}
    qosClass: Burstable
    startTime: "{created}"
"#,
        created = ts(created),
        ready_at = ts(created + 5),
        ready_status = if ready { "True" } else { "False" },
        rv = 100_000 + i,
        n1 = i % 20,
        n2 = i % 250,
        p1 = i / 250,
        p2 = i % 250,
    );
}

/// The List, with `replicas` pods split between the old and the new ReplicaSet.
pub fn list(replicas: u32) -> String {
    let half = replicas / 2;
    let mut out = String::from("apiVersion: v1\nitems:\n");
    let _ = write!(
        out,
        r#"- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "2"
    creationTimestamp: "2024-05-01T11:00:00Z"
    generation: 2
    name: web
    namespace: default
    resourceVersion: "99999"
    uid: 1c0ffee0-0000-4000-8000-000000000001
  spec:
    progressDeadlineSeconds: 600
    replicas: {replicas}
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        app: web
    strategy:
      rollingUpdate:
        maxSurge: 25%
        maxUnavailable: 25%
      type: RollingUpdate
    template:
      metadata:
        labels:
          app: web
      spec:
        containers:
        - image: web:v2
          name: web
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: {half}
    conditions:
    - lastTransitionTime: "2024-05-01T11:00:05Z"
      lastUpdateTime: "2024-05-01T11:00:05Z"
      message: Deployment has minimum availability.
      reason: MinimumReplicasAvailable
      status: "True"
      type: Available
    observedGeneration: 2
    readyReplicas: {replicas}
    replicas: {replicas}
    updatedReplicas: {half}
"#
    );
    for (rs, hash, image, rev, created) in [
        (
            "web-5d4597bc54",
            "5d4597bc54",
            "web:v1",
            1,
            "2024-05-01T11:00:00Z",
        ),
        (
            "web-6c8674945c",
            "6c8674945c",
            "web:v2",
            2,
            "2024-05-01T12:00:00Z",
        ),
    ] {
        let _ = write!(
            out,
            r#"- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    annotations:
      deployment.kubernetes.io/desired-replicas: "{replicas}"
      deployment.kubernetes.io/max-replicas: "{max}"
      deployment.kubernetes.io/revision: "{rev}"
    creationTimestamp: "{created}"
    generation: 3
    name: {rs}
    namespace: default
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: Deployment
      name: web
      uid: 1c0ffee0-0000-4000-8000-000000000001
  spec:
    replicas: {half}
    template:
      metadata:
        labels:
          app: web
          pod-template-hash: {hash}
      spec:
        containers:
        - image: {image}
          name: web
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: {half}
    observedGeneration: 3
    readyReplicas: {half}
    replicas: {half}
"#,
            max = replicas + replicas / 4,
        );
    }
    for i in 0..half {
        pod(
            &mut out,
            i,
            "web-5d4597bc54",
            "5d4597bc54",
            "web:v1",
            1,
            true,
        );
    }
    for i in 0..half {
        pod(
            &mut out,
            half + i,
            "web-6c8674945c",
            "6c8674945c",
            "web:v2",
            2 + i % 200,
            i % 10 != 0,
        );
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    out
}
