#!/usr/bin/env bash
# Compiles the SNI glue for both board cores (F767: Cortex-M7, F429: Cortex-M4F) into boards/target/c/.
# Any warning fails the build. Objects only: the VEE Port links them into the firmware.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../../target/c"
mkdir -p "$out"
cc="${ARM_CC:-arm-none-eabi-gcc}"
common=(-mthumb -mfloat-abi=hard -O2 -std=c99 -Wall -Wextra -Werror -ffunction-sections -I "$here/include")
for src in "$here"/*.c; do
  name="$(basename "$src" .c)"
  "$cc" -mcpu=cortex-m7 -mfpu=fpv5-d16 -DJZ_DCACHE_PRESENT=1 "${common[@]}" -c "$src" -o "$out/$name-cm7.o"
  "$cc" -mcpu=cortex-m4 -mfpu=fpv4-sp-d16 -DJZ_DCACHE_PRESENT=0 "${common[@]}" -c "$src" -o "$out/$name-cm4.o"
done
echo "SNI glue compiled: $(ls "$out"/*.o | tr '\n' ' ')"
