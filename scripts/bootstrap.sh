#!/usr/bin/env bash
# Installs what dicom-deid needs on a fresh Debian machine, then builds it.
#   scripts/bootstrap.sh run   - runtime: JDK, Maven, PixelMed; builds target/
#   scripts/bootstrap.sh test  - also the real peers the tests start (dcmtk, GDCM, dicom3tools,
#                                Orthanc, pydicom's test files, Chromium for the web console)
# Idempotent and quiet when everything is already there.
set -euo pipefail
mode=${1:-run}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

runtime_pkgs=(openjdk-17-jdk-headless maven unzip libpixelmed-java libpixelmed-codec-java libpixelmed-imageio-java)
test_pkgs=(dcmtk libgdcm-tools dicom3tools python3-pydicom orthanc orthanc-dicomweb curl openssl chromium)

# Fast path: nothing changed since the last successful bootstrap of this mode (or of "test",
# which installs more): the launcher then starts the JVM at once.
stamp_dir="$here/target"
newer_than() { [ -n "$(find "$here/pom.xml" "$here/src/main" "$here/scripts/bootstrap.sh" -newer "$1" -print -quit 2>/dev/null)" ]; }
for s in "$stamp_dir/.bootstrap-$mode" "$stamp_dir/.bootstrap-test"; do
  if [ -f "$s" ] && [ -f "$here/target/dicom-deid.jar" ] && ! newer_than "$s"; then
    exit 0
  fi
done

pkgs=("${runtime_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PixelMed is not on Maven Central: install Debian's jars into the local Maven repository,
# before Maven resolves the project's dependencies (a plugin inside the pom would run too late).
# Debian's manifests carry a Class-Path of /usr/share/java jars (an old slf4j among them) that the
# JVM would put ahead of the project's own dependencies: the installed copy leaves it out.
m2=${MAVEN_REPO:-$HOME/.m2/repository}
install_jar() { # file artifactId version
  local dest="$m2/com/pixelmed/$2/$3/$2-$3.jar"
  if [ -f "$dest" ] && [ ! "$(readlink -f "$1")" -nt "$dest" ] \
     && ! unzip -p "$dest" META-INF/MANIFEST.MF | grep -q '^Class-Path:'; then
    return
  fi
  local work; work=$(mktemp -d)
  (cd "$work" && mkdir x && cd x && jar xf "$(readlink -f "$1")" \
     && awk '/^Class-Path:/{skip=1; next} skip && /^ /{next} {skip=0; print}' META-INF/MANIFEST.MF > ../MANIFEST.MF \
     && rm META-INF/MANIFEST.MF && jar cfm ../stripped.jar ../MANIFEST.MF .)
  mvn -B -q -Dstyle.color=never install:install-file -Dfile="$work/stripped.jar" -DgroupId=com.pixelmed \
      -DartifactId="$2" -Dversion="$3" -Dpackaging=jar -DgeneratePom=true
  rm -rf "$work"
}
pm_version() { basename "$(readlink -f "$1")" .jar | sed 's/.*-//'; }
install_jar /usr/share/java/pixelmed.jar pixelmed "$(pm_version /usr/share/java/pixelmed.jar)"
install_jar /usr/share/java/pixelmed_codec.jar pixelmed-codec "$(pm_version /usr/share/java/pixelmed_codec.jar)"
install_jar /usr/share/java/pixelmed_imageio.jar pixelmed-imageio "$(pm_version /usr/share/java/pixelmed_imageio.jar)"

# Build when any source is newer than the jar.
jar="$here/target/dicom-deid.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/pom.xml" "$here/src/main" "$m2/com/pixelmed" -newer "$jar" -print -quit)" ]; then
  echo "bootstrap: building" >&2
  (cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests package)
fi
touch "$stamp_dir/.bootstrap-$mode"
