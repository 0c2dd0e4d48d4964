{{/*
Each function's environment, key by key: the variables of the sections its main.ts loads
(`loadConfig(process.env, [sections])`, variables in functions/core/src/config/env-variables.ts)
and nothing else, non-secret ones from the ConfigMap tabular-ct-config, secret ones from the
Secret. The deploy check "function environments" (scripts/deploy/function-env.ts) renders the
chart and proves these tables agree with the code.
*/}}

{{/* Where each section's variables come from (a variable left out keeps its default). The
database section's two URLs are set per function below. */}}
{{- define "tabular-ct.sectionVariables" -}}
database:
  config: [DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS]
objectStore:
  config: [S3_ENDPOINT_URL, S3_REGION, S3_BUCKET, S3_TIMEOUT_MS]
  secret: [AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY]
mlflow:
  config: [MLFLOW_TRACKING_URI, MLFLOW_TIMEOUT_MS]
  secret: [MLFLOW_TRACKING_USERNAME, MLFLOW_TRACKING_PASSWORD]
dataApi:
  config: [DATA_API_TIMEOUT_MS, DATA_API_ATTEMPTS, DATA_API_BACKOFF_MS, DATA_API_ALLOWED_URLS]
pipelineAuth:
  secret: [PIPELINE_TOKENS]
http:
  config: [CORS_ALLOWED_ORIGINS]
# PREDICTOR_WEBHOOK_URL stays empty: the chart's predictor does not register MLflow's webhook
# itself, which MLflow allows its administrator only; a Job does (templates/mlflow-webhook-job.yaml).
predictor:
  config: [MODEL_ALIAS, ALIAS_POLL_SECONDS, INFERENCE_LOG_BATCH_SIZE, INFERENCE_LOG_FLUSH_MS, INFERENCE_LOG_MAX_BACKLOG]
  secret: [RELOAD_TOKEN, MLFLOW_WEBHOOK_SECRET]
datasource:
  secret: [DATASOURCE_DATABASE_URL]
{{- end -}}

{{/* The sections each function loads, and the Secret key of each database URL it opens (its
role's, docs/deployment.md "Database roles"). The other URL of the `database` section, which the
function never opens, is set without credentials. */}}
{{- define "tabular-ct.functionNeeds" -}}
datasource:
  sections: [datasource, http]
collect:
  sections: [database, objectStore, dataApi, pipelineAuth, http]
  databaseUrls: { RAW_DATABASE_URL: RAW_WRITER_DATABASE_URL }
preprocess:
  sections: [database, pipelineAuth, http]
  databaseUrls: { RAW_DATABASE_URL: CLEAN_WRITER_RAW_DATABASE_URL, CLEAN_DATABASE_URL: CLEAN_WRITER_DATABASE_URL }
drift:
  sections: [database, mlflow, pipelineAuth, http]
  databaseUrls: { CLEAN_DATABASE_URL: CLEAN_WRITER_DATABASE_URL }
train:
  sections: [database, objectStore, mlflow, pipelineAuth, http]
  databaseUrls: { CLEAN_DATABASE_URL: CLEAN_WRITER_DATABASE_URL }
promote:
  sections: [database, mlflow, pipelineAuth, http]
  databaseUrls: { CLEAN_DATABASE_URL: CLEAN_WRITER_DATABASE_URL }
predict:
  sections: [database, objectStore, mlflow, http, predictor]
  databaseUrls: { RAW_DATABASE_URL: RAW_WRITER_DATABASE_URL }
explain:
  sections: [database, mlflow, http]
  databaseUrls: { CLEAN_DATABASE_URL: READER_DATABASE_URL }
history:
  sections: [database, mlflow, http]
  databaseUrls: { CLEAN_DATABASE_URL: READER_DATABASE_URL }
{{- end -}}

{{/* The sections one function loads (`name`), for labels and policies. */}}
{{- define "tabular-ct.functionSections" -}}
{{- $needs := index (include "tabular-ct.functionNeeds" .root | fromYaml) .name -}}
{{- if not $needs -}}{{- fail (printf "function %s is not in tabular-ct.functionNeeds (templates/_function-env.tpl)" .name) -}}{{- end -}}
{{- toJson $needs.sections -}}
{{- end -}}

{{/* The `env` entries of one function's container: `root`, `name`, `env` (functions.<name>.env). */}}
{{- define "tabular-ct.functionEnv" -}}
{{- $root := .root -}}
{{- $needs := index (include "tabular-ct.functionNeeds" $root | fromYaml) .name -}}
{{- $vars := include "tabular-ct.sectionVariables" $root | fromYaml -}}
{{- $secret := include "tabular-ct.secretName" $root -}}
{{- $databases := dict "RAW_DATABASE_URL" $root.Values.databases.raw "CLEAN_DATABASE_URL" $root.Values.databases.clean -}}
{{- range $section := $needs.sections }}
{{- if eq $section "database" }}
{{- range $var := list "RAW_DATABASE_URL" "CLEAN_DATABASE_URL" }}
{{- with index (default dict $needs.databaseUrls) $var }}
- { name: {{ $var }}, valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ . }} } } }
{{- else }}
# Never opened by this function: no credentials.
- { name: {{ $var }}, value: {{ printf "postgresql://%s:%s/%s" (include "tabular-ct.pgHost" $root) (include "tabular-ct.pgPort" $root) (index $databases $var) | quote }} }
{{- end }}
{{- end }}
{{- end }}
{{- $source := index $vars $section }}
{{- range $var := $source.config }}
- { name: {{ $var }}, valueFrom: { configMapKeyRef: { name: tabular-ct-config, key: {{ $var }} } } }
{{- end }}
{{- range $var := $source.secret }}
- { name: {{ $var }}, valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ $var }} } } }
{{- end }}
{{- end }}
{{- range $key, $value := .env }}
- { name: {{ $key }}, value: {{ $value | quote }} }
{{- end }}
{{- end -}}
