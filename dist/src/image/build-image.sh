#!/usr/bin/env bash
# The container image, without a container engine. The image's settings are here once, written two ways:
#   build-image.sh dockerfile OUT                  a Dockerfile on eclipse-temurin:17-jre, for a machine with an
#                                                  engine and a registry (the release ships it as image/Dockerfile)
#   build-image.sh archive TARBALL JAVA_HOME OUT   a docker-archive (what `docker save` writes; `docker load` and
#                                                  `podman load` read it) on a base made here: a JRE jlink'd from
#                                                  JAVA_HOME, the glibc libraries it and bash need, bash and env
# A docker-archive rather than an OCI layout because only Docker's image config has HEALTHCHECK.
set -euo pipefail

UID_GID=10001                       # the unprivileged user the gateway runs as (numeric: no user database needed)
HOME_DIR=/opt/tickgate
STATE=/var/lib/tickgate             # the volume: the journal lives here
PORT=8080
ENTRYPOINT="\"$HOME_DIR/bin/tickgate\", \"serve\""
HEALTH="\"$HOME_DIR/bin/tickgate-health\""
# serve's defaults for a container; -e or a flag overrides any of them
ENV_VARS=("TICKGATE_HOST=0.0.0.0" "TICKGATE_PORT=$PORT" "TICKGATE_JOURNAL=$STATE/journal")
# the modules the fat jar uses (jdeps --print-module-deps), plus what it loads by name: EC keys for TLS,
# com.sun.management for process metrics, and the compiler Chronicle exports a package of
JRE_MODULES=java.base,java.compiler,java.desktop,java.management,java.naming,java.security.jgss,java.security.sasl
JRE_MODULES+=,java.sql,jdk.unsupported,jdk.compiler,jdk.crypto.ec,jdk.management
# java.desktop's native parts a headless server never loads (they need X11, fonts, sound, image libraries)
DESKTOP_LIBS=(libawt_xawt.so libjawt.so libsplashscreen.so libfontmanager.so libjsound.so libjavajpeg.so liblcms.so)

die() { echo "build-image: $*" >&2; exit 1; }

dockerfile() {
    local env
    printf -v env ' \\\n    %s' "${ENV_VARS[@]}"
    mkdir -p "$(dirname "$1")"
    cat > "$1" <<DOCKERFILE
# tickgate on a public JRE image. In an unpacked release: docker build -f image/Dockerfile -t tickgate .
FROM eclipse-temurin:17-jre
COPY --chown=0:0 . $HOME_DIR
RUN mkdir -p $STATE && chown $UID_GID:$UID_GID $STATE && chmod 0750 $STATE
ENV$env
USER $UID_GID:$UID_GID
WORKDIR $STATE
VOLUME $STATE
EXPOSE $PORT
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD [$HEALTH]
ENTRYPOINT [$ENTRYPOINT]
DOCKERFILE
}

# add_layer DIR TAR_ARGS...: DIR/layer.tar, entries owned by root, sorted and dated at the epoch so that the same
# inputs give the same layer
add_layer() {
    local dir="$1"; shift
    mkdir -p "$dir"
    tar -cf "$dir/layer.tar" --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 "$@"
}

archive() {
    local tarball="$1" java_home="$2" out="$3"
    [ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] ||
        die "$java_home has no jlink or jmods: build with a full JDK (Debian: openjdk-17-jdk-headless) or skip the image with -Dimage.skip=true"
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    local work="$WORK"
    local base="$work/base" app="$work/app"

    # base: the JRE, the shared libraries it and bash load (as ldd finds them on this machine), bash and env
    "$java_home/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
        --compress=2 --output "$base/opt/java"
    for lib in "${DESKTOP_LIBS[@]}"; do rm -f "$base/opt/java/lib/$lib"; done
    local programs=(/bin/bash /usr/bin/env)
    mkdir -p "$base/bin" "$base/usr/bin" "$base/etc" "$base/tmp"
    cp -L /bin/bash "$base/bin/bash"
    cp -L /usr/bin/env "$base/usr/bin/env"
    local libs
    libs="$( { find "$base/opt/java" -name '*.so' -o -path '*/bin/*' -type f; printf '%s\n' "${programs[@]}"; } |
        { xargs ldd 2>/dev/null || true; } | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$base" | sort -u)"
    for lib in $libs; do
        mkdir -p "$base${lib%/*}"
        cp -L "$lib" "$base$lib"
    done
    chmod 1777 "$base/tmp"
    printf 'root:x:0:0:root:/root:/bin/bash\ntickgate:x:%s:%s:tickgate:%s:/bin/bash\n' \
        "$UID_GID" "$UID_GID" "$STATE" > "$base/etc/passwd"
    printf 'root:x:0:\ntickgate:x:%s:\n' "$UID_GID" > "$base/etc/group"

    # app: the release as it ships, less the benchmarks, and the volume's directory owned by the user
    mkdir -p "$app/opt" "$app$STATE"
    tar -xzf "$tarball" -C "$app/opt"
    mv "$app/opt/"tickgate-* "$app$HOME_DIR"
    rm -f "$app$HOME_DIR/lib/benchmarks.jar"
    chmod 0750 "$app$STATE"

    local image="$work/image" version
    version="$(basename "$tarball" .tar.gz)"; version="${version#tickgate-}"
    add_layer "$image/base" -C "$base" .
    add_layer "$image/app" -C "$app" ./opt --no-recursion ./var ./var/lib
    tar -rf "$image/app/layer.tar" --mtime=@0 --numeric-owner --owner="$UID_GID" --group="$UID_GID" -C "$app" \
        ".$STATE"
    local base_id app_id arch env
    base_id="$(sha256sum < "$image/base/layer.tar" | cut -d' ' -f1)"
    app_id="$(sha256sum < "$image/app/layer.tar" | cut -d' ' -f1)"
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    env="$(printf '"%s", ' "PATH=/opt/java/bin:/usr/bin:/bin" "JAVA_HOME=/opt/java" "${ENV_VARS[@]}")"
    cat > "$image/config.json" <<CONFIG
{"architecture": "$arch", "os": "linux", "created": "1970-01-01T00:00:00Z",
 "config": {"User": "$UID_GID:$UID_GID", "Env": [${env%, }], "Entrypoint": [$ENTRYPOINT], "Cmd": [],
  "WorkingDir": "$STATE", "ExposedPorts": {"$PORT/tcp": {}}, "Volumes": {"$STATE": {}},
  "Healthcheck": {"Test": ["CMD", $HEALTH], "Interval": 10000000000, "Timeout": 5000000000,
   "StartPeriod": 60000000000, "Retries": 3},
  "Labels": {"org.opencontainers.image.title": "tickgate", "org.opencontainers.image.version": "$version"}},
 "rootfs": {"type": "layers", "diff_ids": ["sha256:$base_id", "sha256:$app_id"]},
 "history": [{"created_by": "build-image.sh: jlink'd JRE, glibc, bash"}, {"created_by": "build-image.sh: tickgate $version"}]}
CONFIG
    cat > "$image/manifest.json" <<MANIFEST
[{"Config": "config.json", "RepoTags": ["tickgate:$version"], "Layers": ["base/layer.tar", "app/layer.tar"]}]
MANIFEST
    tar -cf "$out" --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$image" .
}

case "${1:-}" in
    dockerfile) dockerfile "$2" ;;
    archive) archive "$2" "$3" "$4" ;;
    *) die "usage: build-image.sh dockerfile OUT | archive TARBALL JAVA_HOME OUT" ;;
esac
