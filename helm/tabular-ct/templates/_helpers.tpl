{{/* Labels every object of the chart carries. */}}
{{- define "tabular-ct.labels" -}}
app.kubernetes.io/part-of: tabular-ct
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* An image of ours: <registry>/<owner>/tabular-ct-<name>:<tag>. */}}
{{- define "tabular-ct.image" -}}
{{- $i := .root.Values.images -}}
{{- printf "%s/%s/tabular-ct-%s:%s" $i.registry $i.owner .name $i.tag -}}
{{- end -}}

{{/* The Secret every component reads its credentials from. */}}
{{- define "tabular-ct.secretName" -}}
{{- if .Values.secrets.create -}}tabular-ct-secrets{{- else -}}{{ .Values.secrets.existingSecret }}{{- end -}}
{{- end -}}

{{/* Host and port of PostgreSQL. */}}
{{- define "tabular-ct.pgHost" -}}
{{- if .Values.postgres.enabled -}}postgres.{{ .Release.Namespace }}.svc{{- else -}}{{ required "externalDatabase.host is required when postgres.enabled is false" .Values.externalDatabase.host }}{{- end -}}
{{- end -}}
{{- define "tabular-ct.pgPort" -}}
{{- if .Values.postgres.enabled -}}5432{{- else -}}{{ .Values.externalDatabase.port }}{{- end -}}
{{- end -}}

{{/* The in-chart object store of objectStore.kind as {name, port} (the name of its Service,
StatefulSet and pods), or {} for an external one. Fails on an unknown kind, and on the earlier
`objectStore.minio.enabled`, so that a release meant for an external store does not silently
get SeaweedFS. */}}
{{- define "tabular-ct.objectStore" -}}
{{- $store := .Values.objectStore -}}
{{- if hasKey $store.minio "enabled" -}}
{{- fail "objectStore.minio.enabled is replaced by objectStore.kind: seaweedfs (the default), minio or external (docs/deployment.md, Object store)" -}}
{{- end -}}
{{- if eq $store.kind "seaweedfs" -}}{{ toJson (dict "name" "seaweedfs" "port" 8333) }}
{{- else if eq $store.kind "minio" -}}{{ toJson (dict "name" "minio" "port" 9000) }}
{{- else if eq $store.kind "external" -}}{{ toJson dict }}
{{- else -}}{{ fail (printf "objectStore.kind must be seaweedfs, minio or external, not %q" (toString $store.kind)) }}
{{- end -}}
{{- end -}}

{{/* The S3 endpoint: the configured one, else the in-chart store's Service (none for an
external store: AWS S3 itself). */}}
{{- define "tabular-ct.s3Endpoint" -}}
{{- $store := include "tabular-ct.objectStore" . | fromJson -}}
{{- if .Values.config.S3_ENDPOINT_URL -}}{{ .Values.config.S3_ENDPOINT_URL }}{{- else if $store.name -}}http://{{ $store.name }}.{{ .Release.Namespace }}.svc:{{ $store.port }}{{- end -}}
{{- end -}}

{{/* Where MLflow delivers its registry webhooks: the configured address, else the predictor's
cluster-local one; empty when mlflow.webhook is off (the predictor then polls alone). */}}
{{- define "tabular-ct.predictorWebhookUrl" -}}
{{- if .Values.mlflow.webhook.enabled -}}
{{- default (printf "http://predict.%s.svc.cluster.local/webhooks/mlflow" .Release.Namespace) .Values.mlflow.webhook.url -}}
{{- end -}}
{{- end -}}

{{/* The registered model and alias the predictor serves, as {name, alias}: the rule of its
loadConfig (functions/core/src/config/env-variables.ts), MODEL_NAME, else
<MODEL_NAME_PREFIX>-<PREDICTOR_DATASET> with the defaults of the code (tabular-ct, realtor);
its alias is config.MODEL_ALIAS unless its env overrides it. */}}
{{- define "tabular-ct.predictorModel" -}}
{{- $env := default dict (include "tabular-ct.function" (dict "root" . "spec" .Values.functions.predict) | fromYaml).env -}}
{{- $name := default (printf "%s-%s" (default "tabular-ct" $env.MODEL_NAME_PREFIX) (default "realtor" $env.PREDICTOR_DATASET)) $env.MODEL_NAME -}}
{{- toJson (dict "name" $name "alias" (default .Values.config.MODEL_ALIAS $env.MODEL_ALIAS)) -}}
{{- end -}}

{{/* The name of the predictor's MLflow webhook: `webhookName` of functions/predict/src/keep-webhook.ts,
which a predictor registering itself uses, so both keep the same webhook. `predict-<model>-<alias>`,
anything but letters, digits, `_`, `.` and `-` turned into `-`; beyond 62 characters the first 49
and 12 hex digits of the whole one's SHA-256. scripts/deploy/webhook-job.test.ts renders it
against webhookName. */}}
{{- define "tabular-ct.predictorWebhookName" -}}
{{- $model := include "tabular-ct.predictorModel" . | fromJson -}}
{{- $full := regexReplaceAll `[^\w.-]` (printf "predict-%s-%s" $model.name $model.alias) "-" -}}
{{- if le (len $full) 62 -}}{{ $full }}{{- else -}}{{ printf "%s-%s" (trunc 49 $full) (sha256sum $full | trunc 12) }}{{- end -}}
{{- end -}}

{{/* MLflow's URL: the configured one, else the chart's server. */}}
{{- define "tabular-ct.mlflowUrl" -}}
{{- if .Values.config.MLFLOW_TRACKING_URI -}}{{ .Values.config.MLFLOW_TRACKING_URI }}{{- else -}}http://mlflow.{{ .Release.Namespace }}.svc:5000{{- end -}}
{{- end -}}

{{/* A function's settings: functionDefaults overlaid by functions.<name>. */}}
{{- define "tabular-ct.function" -}}
{{- $fn := mergeOverwrite (deepCopy .root.Values.functionDefaults) (deepCopy .spec) -}}
{{- toYaml $fn -}}
{{- end -}}

{{/* Restricted security for every container of the chart (all run as non-root users, by their
image or by the pod's runAsUser): the root filesystem read-only, an emptyDir mounted where a
process writes (/tmp, PostgreSQL's run directory, Grafana's state). */}}
{{- define "tabular-ct.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* `required` for a value of the chart's own Secret (secrets.create): no password has a default. */}}
{{- define "tabular-ct.requiredSecret" -}}
{{- required (printf "secrets.%s is required when secrets.create is true (the chart has no default passwords or tokens: e.g. openssl rand -hex 32; or create the Secret outside the chart, README)" .name) .value -}}
{{- end -}}

{{/* A PostgreSQL URL: scheme, login {user, password}, database. */}}
{{- define "tabular-ct.pgUrl" -}}
{{- printf "%s://%s:%s@%s:%s/%s" (default "postgresql" .scheme) (.login.user | urlquery) (.login.password | urlquery) (include "tabular-ct.pgHost" .root) (include "tabular-ct.pgPort" .root) .database -}}
{{- end -}}

{{/* The allow-list of collect: the configured one, else the simulator's in-cluster address. */}}
{{- define "tabular-ct.dataApiAllowedUrls" -}}
{{- if .Values.config.DATA_API_ALLOWED_URLS -}}{{ .Values.config.DATA_API_ALLOWED_URLS }}
{{- else if .Values.functions.datasource.enabled -}}http://datasource.{{ .Release.Namespace }}.svc.cluster.local
{{- else -}}{{ fail "config.DATA_API_ALLOWED_URLS is required when functions.datasource is off: the course data API's address (TABULAR_CT_REALTOR_DATA_API_URL in helm/airflow-values.yaml)" }}
{{- end -}}
{{- end -}}


{{/* Pod labels naming the services a pod may reach (templates/network-policies.yaml), from the
sections it loads: PostgreSQL (database, datasource), the object store, MLflow. */}}
{{- define "tabular-ct.accessLabels" -}}
{{- if or (has "database" .) (has "datasource" .) }}
tabular-ct.io/postgres: "true"
{{- end }}
{{- if has "objectStore" . }}
tabular-ct.io/object-store: "true"
{{- end }}
{{- if has "mlflow" . }}
tabular-ct.io/mlflow: "true"
{{- end }}
{{- end -}}
