#!/usr/bin/env bash
# router-image.sh OUTDIR: builds the router VM image of DUT kind `vm` from
# Debian packages only (docs/real-routers.md, "kind vm").
#
#   OUTDIR/vmlinuz         the kernel of linux-image-amd64, extracted with
#                          dpkg-deb (never installed on this host)
#   OUTDIR/initramfs.gz    busybox-static, the kernel modules the emulated
#                          router uses (with their dependencies), nft, tc, ip
#                          and nsenter with their libraries, and a static
#                          qosbench binary that runs as the VM's service
#   OUTDIR/manifest        kernel release and qosbench version of the image
#
# It installs its own apt dependencies when they are missing (CI starts on a
# fresh machine) and needs root for that. Re-running it rebuilds the image;
# the kernel package is downloaded once into OUTDIR/cache.
set -euo pipefail

OUT=${1:-build/router-image}
GO=${GO:-go}
VERSION=${VERSION:-$(git describe --always --dirty 2>/dev/null || echo dev)}
export PATH="$PATH:/usr/sbin:/sbin"

need=()
for d in busybox:busybox-static cpio:cpio nft:nftables tc:iproute2 nsenter:util-linux \
	qemu-system-x86_64:qemu-system-x86 qemu-img:qemu-utils xz:xz-utils zstd:zstd depmod:kmod; do
	c=${d%%:*}
	p=${d##*:}
	if [ "$c" = busybox ]; then
		# A dynamic busybox may be installed; the image needs the static one.
		dpkg -s busybox-static >/dev/null 2>&1 || need+=("$p")
		continue
	fi
	command -v "$c" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "router-image: missing Debian packages: ${need[*]} (run as root to install them)" >&2
		exit 1
	fi
	echo "router-image: installing ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

mkdir -p "$OUT/cache"
OUT=$(cd "$OUT" && pwd)
CACHE=$OUT/cache

# The kernel: the package linux-image-amd64 depends on (the current ABI).
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
if [ -z "$kpkg" ]; then
	apt-get update -qq
	kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
fi
[ -n "$kpkg" ] || { echo "router-image: cannot resolve linux-image-amd64" >&2; exit 1; }
deb=$(ls "$CACHE"/"${kpkg}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
	echo "router-image: downloading $kpkg"
	(cd "$CACHE" && apt-get download -qq "$kpkg")
	deb=$(ls "$CACHE"/"${kpkg}"_*.deb | head -1)
fi
KX=$CACHE/kernel
if [ ! -d "$KX/lib/modules" ]; then
	rm -rf "$KX"
	dpkg-deb -x "$deb" "$KX"
fi
KREL=$(ls "$KX/lib/modules" | head -1)
MODDIR=$KX/lib/modules/$KREL
# The package leaves modules.dep to depmod at install time.
[ -f "$MODDIR/modules.dep" ] || depmod -b "$KX" "$KREL"

ROOT=$OUT/root
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,etc,proc,sys,dev,run,tmp,lib/modules,usr/bin,usr/sbin,var/run}

# busybox and its applets.
BB=$(dpkg -L busybox-static 2>/dev/null | grep -m1 '/bin/busybox$' || echo /bin/busybox)
cp "$BB" "$ROOT/bin/busybox"
for a in sh mount umount mkdir ls cat echo sleep insmod modprobe ip ifconfig ping dmesg ps kill poweroff reboot mdev uname hostname ln rm sed grep; do
	ln -sf busybox "$ROOT/bin/$a"
done

# nft, tc, ip (iproute2's: busybox's ip lacks netns and rename options) and
# nsenter with every library they load.
copy_bin() {
	local src
	src=$(command -v "$1")
	cp -L "$src" "$ROOT/usr/sbin/$1"
	ldd "$src" | awk '/=>/ {print $3} /^\s*\/lib/ {print $1}' | while read -r lib; do
		[ -f "$lib" ] || continue
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -Ln "$lib" "$ROOT$lib"
	done
}
for b in nft tc ip nsenter; do copy_bin "$b"; done
# The dynamic loader at its canonical path.
mkdir -p "$ROOT/lib64"
cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/"
# tc's qdisc helpers and the protocol names nft prints.
[ -d /usr/lib/tc ] && mkdir -p "$ROOT/usr/lib" && cp -r /usr/lib/tc "$ROOT/usr/lib/"
[ -d /etc/iproute2 ] && cp -r /etc/iproute2 "$ROOT/etc/" || true
cp /etc/protocols /etc/services "$ROOT/etc/" 2>/dev/null || true

# Kernel modules: every module below and its dependencies (modules.dep), in
# load order. Compressed modules are unpacked here so busybox insmod loads
# them. crc32c_generic: libcrc32c (under nf_tables) asks for it through a
# soft dependency, which modules.dep omits; xfrm_user: a netlink handle
# opens every netlink family; nf_log_syslog: nft's log expression asks for
# a logger by name at rule load (action=log rules fail to load without it).
MODS="virtio_pci virtio_net net_failover qemu_fw_cfg crc32c_generic
nf_tables nf_conntrack nf_nat nft_chain_nat nft_ct nft_nat nft_masq nft_redir nft_reject_inet
nft_reject_ipv4 nft_limit nft_counter nft_log nf_log_syslog nft_fib_inet nft_fib_ipv4 nft_compat nft_hash nft_numgen
nft_quota nft_connlimit nft_flow_offload nf_flow_table nf_flow_table_inet nft_objref nft_socket
sch_htb sch_sfq sch_fq_codel sch_codel sch_cake sch_tbf sch_red sch_pie sch_fq sch_prio sch_netem sch_ingress sch_pfifo_fast
ifb act_mirred act_gact act_skbedit act_connmark cls_u32 cls_bpf cls_fw cls_matchall em_meta veth bridge
xfrm_user"
declare -A seen=()
order=()
resolve() { # depth-first: dependencies before the module
	local m=$1 path deps d
	path=$(awk -F: -v m="$m" '{n=$1; sub(/.*\//,"",n); sub(/\.ko(\.[a-z]+)?$/,"",n); gsub(/-/,"_",n); if (n==m) {print $1; exit}}' "$MODDIR/modules.dep")
	[ -n "$path" ] || return 0 # built in, or absent from this kernel
	[ -z "${seen[$path]:-}" ] || return 0
	seen[$path]=1
	deps=$(awk -F: -v p="$path" '$1==p {print $2; exit}' "$MODDIR/modules.dep")
	for d in $deps; do
		d=${d##*/}
		d=${d%%.ko*}
		resolve "${d//-/_}"
	done
	order+=("$path")
}
for m in $MODS; do resolve "$m"; done
: >"$ROOT/etc/modules.order"
for p in "${order[@]}"; do
	f=$(basename "$p")
	case "$f" in
	*.ko.xz) xz -dc "$MODDIR/$p" >"$ROOT/lib/modules/${f%.xz}"; f=${f%.xz} ;;
	*.ko.zst) zstd -qdc "$MODDIR/$p" >"$ROOT/lib/modules/${f%.zst}"; f=${f%.zst} ;;
	*) cp "$MODDIR/$p" "$ROOT/lib/modules/$f" ;;
	esac
	echo "$f" >>"$ROOT/etc/modules.order"
done

# The router service: a static qosbench.
CGO_ENABLED=0 "$GO" build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$ROOT/bin/qosbench" ./cmd/qosbench

cat >"$ROOT/init" <<'EOF'
#!/bin/sh
# The router VM's init: load the modules, then qosbench __vm-guest (the
# emulated router's API and datapath) as process 1's only child.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
echo "qosbench-vm: init (kernel $(uname -r))"
while read -r m; do insmod /lib/modules/$m || echo "qosbench-vm: insmod $m failed"; done </etc/modules.order
echo "qosbench-vm: modules loaded"
/bin/qosbench __vm-guest
echo "qosbench-vm: guest exited with $?"
poweroff -f
EOF
chmod 755 "$ROOT/init"

(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible) | gzip -1 -n >"$OUT/initramfs.gz.new"
mv "$OUT/initramfs.gz.new" "$OUT/initramfs.gz"
cp "$KX/boot/vmlinuz-$KREL" "$OUT/vmlinuz"
# The queue disciplines and netfilter features the image's kernel has: the
# router VM kind reports them as its features (emulator.Features).
# (modules copied, and those built into the kernel: fq_codel is its default).
qd=$({ sed -n 's/^sch_\(.*\)\.ko$/\1/p' "$ROOT/etc/modules.order"; sed -n 's|.*/sch_\(.*\)\.ko$|\1|p' "$MODDIR/modules.builtin"; } |
	grep -v '^ingress$' | sort -u | tr '\n' ' ')
ft=no
grep -q '^nf_flow_table\.ko$' "$ROOT/etc/modules.order" && ft=yes
# What the host and this image's guest agree on (dut/vm/guest.Protocol):
# the host refuses an image of another protocol.
gp=$(sed -n 's/^const Protocol = \([0-9]*\)$/\1/p' dut/vm/guest/guest.go)
[ -n "$gp" ] || { echo "router-image: no guest protocol in dut/vm/guest/guest.go" >&2; exit 1; }
{
	printf 'kernel %s\npackage %s\nqosbench %s\nguest-protocol %s\nmodules %d\n' "$KREL" "$(basename "$deb")" "$VERSION" "$gp" "${#order[@]}"
	printf 'qdiscs %s\nflowtable %s\n' "$qd" "$ft"
} >"$OUT/manifest"
rm -rf "$ROOT"
echo "router-image: $OUT (kernel $KREL, ${#order[@]} modules, $(du -h "$OUT/initramfs.gz" | cut -f1) initramfs)"
