// struct virtio_net_hdr (include/uapi/linux/virtio_net.h), the 10 bytes IFF_VNET_HDR
// puts in front of every TUN frame. Little-endian: the TUN device uses the host's byte
// order unless TUNSETVNETBE is set, and the runner only targets little-endian hosts.

import { VIRTIO_NET_HDR_LEN } from '../../linux/net.js';
import { type Decoded, fail, view } from './wire.js';

export interface VirtioNetHdr {
  readonly flags: number;
  readonly gsoType: number;
  readonly hdrLen: number;
  readonly gsoSize: number;
  readonly csumStart: number;
  readonly csumOffset: number;
}

export const ZERO_VNET_HDR: VirtioNetHdr = { flags: 0, gsoType: 0, hdrLen: 0, gsoSize: 0, csumStart: 0, csumOffset: 0 };

export function emitVirtio(hdr: VirtioNetHdr, buf: Uint8Array): void {
  const dv = view(buf);
  buf[0] = hdr.flags;
  buf[1] = hdr.gsoType;
  dv.setUint16(2, hdr.hdrLen, true);
  dv.setUint16(4, hdr.gsoSize, true);
  dv.setUint16(6, hdr.csumStart, true);
  dv.setUint16(8, hdr.csumOffset, true);
}

export function encodeVirtio(hdr: VirtioNetHdr): Uint8Array {
  const buf = new Uint8Array(VIRTIO_NET_HDR_LEN);
  emitVirtio(hdr, buf);
  return buf;
}

export function decodeVirtio(bytes: Uint8Array): Decoded<VirtioNetHdr> {
  if (bytes.length < VIRTIO_NET_HDR_LEN) return fail('virtio_net_hdr', `truncated: ${bytes.length} < ${VIRTIO_NET_HDR_LEN} bytes`);
  const dv = view(bytes);
  return {
    ok: true,
    value: {
      flags: bytes[0]!,
      gsoType: bytes[1]!,
      hdrLen: dv.getUint16(2, true),
      gsoSize: dv.getUint16(4, true),
      csumStart: dv.getUint16(6, true),
      csumOffset: dv.getUint16(8, true),
    },
  };
}
