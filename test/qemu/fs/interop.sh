# SPDX-License-Identifier: MIT
# Interop both ways on FAT32: files mtools wrote (a long name, nested directories, a fragmented
# chain of many clusters) read correctly in Fern; what Fern writes (directories, long names,
# appends across clusters, renames, moves, deletes) is what fsck.fat and mtools see.
prepare() {
	mkfs.fat -F 32 -n INTEROP -C "$1" 65536 >/dev/null
	printf 'written by mtools\n' >"$work/long.txt"
	mcopy -i "$1" "$work/long.txt" "::A long file name.txt"
	mmd -i "$1" ::docs ::docs/deep ::docs/deep/er
	for i in 1 2 3 4 5 6 7 8 9; do
		head -c 600 /dev/zero | tr '\0' "$i" >"$work/x$i"
		mcopy -i "$1" "$work/x$i" "::docs/x$i"
	done
	for i in 2 4 6 8; do mdel -i "$1" "::docs/x$i"; done
	# With the FSInfo next-free hint unknown, mtools fills the holes first: a fragmented chain.
	printf '\377\377\377\377' | dd of="$1" bs=1 seek=$((512 + 492)) conv=notrunc 2>/dev/null
	seq 1 3000 >"$work/numbers.txt"
	mcopy -i "$1" "$work/numbers.txt" ::docs/deep/er/numbers.txt
	mshowfat -i "$1" ::docs/deep/er/numbers.txt | grep -q '> <' ||
		fail "numbers.txt did not come out fragmented: $(mshowfat -i "$1" ::docs/deep/er/numbers.txt)"
	line=$(printf 'fern%.0s' $(seq 1 24)) # 96 characters
	for i in 1 2 3 4 5 6 7 8 9; do echo "$i $line"; done >"$work/f1.txt"
	sed 's/fern/FERN/g' "$work/f1.txt" >"$work/f2.txt"
}

verify() {
	fsck_clean
	file_same docs/deep/er/numbers.txt "$work/numbers.txt"
	file_is "A long file name.txt" "written by mtools"
	file_is "made/b.txt" "first"
	file_is "docs/moved/Long Name Made By Fern.txt" $'hello from fern\nsecond line'
	file_same "f1.txt" "$work/f1.txt"
	file_same "f2.txt" "$work/f2.txt"
	absent docs/x1
	absent docs/x3
	absent gone
	absent a.txt
	absent made/inner
	local want got
	want=$(printf '%s\n' "::/A long file name.txt" ::/docs/ ::/docs/deep/ ::/docs/deep/er/ \
		::/docs/deep/er/numbers.txt ::/docs/moved/ "::/docs/moved/Long Name Made By Fern.txt" \
		::/docs/x5 ::/docs/x7 ::/docs/x9 ::/f1.txt ::/f2.txt ::/made/ ::/made/b.txt | sort)
	got=$(mdir -i "$img" -/ -b :: | sort)
	[ "$got" = "$want" ] || fail "mdir -/ -b shows"$'\n'"$got"$'\n'"expected"$'\n'"$want"
	echo "mdir: exactly the expected names"
}
