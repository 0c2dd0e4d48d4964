// The SeaweedFS server the local stack runs (scripts/stack/seaweedfs.ts), pinned: a module of
// our own because SeaweedFS's go.mod has a replace directive, which `go install` refuses; the
// replace is repeated here. Built with -mod=readonly against go.sum; to move to a newer
// SeaweedFS, change the version, build once with GOFLAGS=-mod=mod and commit both files.
module tabular-ct/seaweedfs-tools

go 1.26.6

require github.com/seaweedfs/seaweedfs v0.0.0-20261109003541-7506e5f91cd6

replace github.com/tyler-smith/go-bip39 => github.com/cosmos/go-bip39 v1.0.0
