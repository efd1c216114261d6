// What the capture-file readers produce: one record per captured frame, in file order,
// with its link type (pcapng files may mix interfaces) and its original length (a
// snap length shorter than the frame keeps only the start of it).

export interface CaptureRecord {
  /** 1-based, as Wireshark and tshark number frames. */
  readonly frame: number;
  /** Capture time in ns since the Unix epoch. */
  readonly timeNs: bigint;
  /** https://www.tcpdump.org/linktypes.html */
  readonly linkType: number;
  readonly data: Uint8Array;
  readonly origLen: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export type CaptureRead =
  | { readonly ok: true; readonly format: CaptureFormat; readonly records: readonly CaptureRecord[] }
  | { readonly ok: false; readonly message: string };

export function captureError(message: string): CaptureRead {
  return { ok: false, message };
}
