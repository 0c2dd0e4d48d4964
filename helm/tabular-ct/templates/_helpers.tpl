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

{{/* The S3 endpoint: the configured one, else the chart's MinIO. */}}
{{- define "tabular-ct.s3Endpoint" -}}
{{- if .Values.config.S3_ENDPOINT_URL -}}{{ .Values.config.S3_ENDPOINT_URL }}{{- else if .Values.objectStore.minio.enabled -}}http://minio.{{ .Release.Namespace }}.svc:9000{{- end -}}
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

{{/* Restricted pod security for our containers (all run as non-root users in their images). */}}
{{- define "tabular-ct.containerSecurity" -}}
securityContext:
  runAsNonRoot: true
  allowPrivilegeEscalation: false
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}
