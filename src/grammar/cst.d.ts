import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface PacketCstNode extends CstNode {
  name: "packet";
  children: PacketCstChildren;
}

export type PacketCstChildren = {
  Lt?: IToken[];
  Gt?: IToken[];
  outerHeader?: OuterHeaderCstNode[];
  ipAttrs?: IpAttrsCstNode[];
  pspEncap?: PspEncapCstNode[];
  packetBody: PacketBodyCstNode[];
};

export interface PacketBodyCstNode extends CstNode {
  name: "packetBody";
  children: PacketBodyCstChildren;
}

export type PacketBodyCstChildren = {
  udpBody?: UdpBodyCstNode[];
  icmpBody?: IcmpBodyCstNode[];
  tcpBody?: TcpBodyCstNode[];
};

export interface OuterHeaderCstNode extends CstNode {
  name: "outerHeader";
  children: OuterHeaderCstChildren;
}

export type OuterHeaderCstChildren = {
  Kw_ipv4?: IToken[];
  Kw_ipv6?: IToken[];
  ipAttrs?: IpAttrsCstNode[];
  src?: AddressCstNode[];
  Gt?: IToken[];
  dst?: AddressCstNode[];
  Kw_gre?: IToken[];
  Comma?: IToken[];
  greFields?: GreFieldsCstNode[];
  Kw_mpls?: IToken[];
  mplsEntry?: MplsEntryCstNode[];
  Colon: IToken[];
};

export interface AddressCstNode extends CstNode {
  name: "address";
  children: AddressCstChildren;
}

export type AddressCstChildren = {
  Ipv4Addr?: IToken[];
  Ipv6Addr?: IToken[];
};

export interface GreFieldsCstNode extends CstNode {
  name: "greFields";
  children: GreFieldsCstChildren;
}

export type GreFieldsCstChildren = {
  Kw_flags: IToken[];
  greFlags: GreFlagsCstNode[];
  Comma?: (IToken)[];
  Kw_sum: IToken[];
  sum: NumCstNode[];
  Kw_off: IToken[];
  off: NumCstNode[];
  Kw_key: IToken[];
  Equals?: IToken[];
  key: NumCstNode[];
  Kw_seq: IToken[];
  seq: NumCstNode[];
};

export interface GreFlagsCstNode extends CstNode {
  name: "greFlags";
  children: GreFlagsCstChildren;
}

export type GreFlagsCstChildren = {
  LBracket?: IToken[];
  greFlag?: (GreFlagCstNode)[];
  Comma?: IToken[];
  RBracket?: IToken[];
  num?: NumCstNode[];
};

export interface GreFlagCstNode extends CstNode {
  name: "greFlag";
  children: GreFlagCstChildren;
}

export type GreFlagCstChildren = {
  Kw_none?: IToken[];
  Kw_checksum?: IToken[];
  Kw_key?: IToken[];
  Kw_sequenceHash?: IToken[];
  Kw_present?: IToken[];
};

export interface MplsEntryCstNode extends CstNode {
  name: "mplsEntry";
  children: MplsEntryCstChildren;
}

export type MplsEntryCstChildren = {
  LParen: IToken[];
  Kw_label: IToken[];
  label: IToken[];
  Comma: (IToken)[];
  Kw_tc: IToken[];
  tc: IToken[];
  LBracket?: IToken[];
  bottom?: IToken[];
  RBracket?: IToken[];
  Kw_ttl: IToken[];
  ttl: IToken[];
  RParen: IToken[];
};

export interface IpAttrsCstNode extends CstNode {
  name: "ipAttrs";
  children: IpAttrsCstChildren;
}

export type IpAttrsCstChildren = {
  LParen?: IToken[];
  ipAttrList?: (IpAttrListCstNode)[];
  RParen?: IToken[];
  LBracket?: IToken[];
  RBracket?: IToken[];
};

export interface IpAttrListCstNode extends CstNode {
  name: "ipAttrList";
  children: IpAttrListCstChildren;
}

export type IpAttrListCstChildren = {
  ipAttr: (IpAttrCstNode)[];
  Comma?: IToken[];
};

export interface IpAttrCstNode extends CstNode {
  name: "ipAttr";
  children: IpAttrCstChildren;
}

export type IpAttrCstChildren = {
  Kw_noecn?: IToken[];
  Kw_ect0?: IToken[];
  Kw_ect1?: IToken[];
  Kw_ect01?: IToken[];
  Kw_ce?: IToken[];
  Kw_tos?: IToken[];
  num?: (NumCstNode)[];
  Kw_flowlabel?: IToken[];
  Kw_ttl?: IToken[];
};

export interface PspEncapCstNode extends CstNode {
  name: "pspEncap";
  children: PspEncapCstChildren;
}

export type PspEncapCstChildren = {
  Kw_encap: IToken[];
  Kw_psp: IToken[];
  Kw_spi: IToken[];
  num: NumCstNode[];
};

export interface NumCstNode extends CstNode {
  name: "num";
  children: NumCstChildren;
}

export type NumCstChildren = {
  Integer?: IToken[];
  HexInteger?: IToken[];
};

export interface PortsCstNode extends CstNode {
  name: "ports";
  children: PortsCstChildren;
}

export type PortsCstChildren = {
  src: IToken[];
  Gt: IToken[];
  dst: IToken[];
};

export interface TcpBodyCstNode extends CstNode {
  name: "tcpBody";
  children: TcpBodyCstChildren;
}

export type TcpBodyCstChildren = {
  ports?: PortsCstNode[];
  tcpFlags: TcpFlagsCstNode[];
  seqRange: SeqRangeCstNode[];
  Kw_ack?: IToken[];
  ack?: IToken[];
  Kw_win?: IToken[];
  win?: IToken[];
  Kw_urg?: IToken[];
  urg?: IToken[];
  tcpOptions?: TcpOptionsCstNode[];
};

export interface TcpFlagsCstNode extends CstNode {
  name: "tcpFlags";
  children: TcpFlagsCstChildren;
}

export type TcpFlagsCstChildren = {
  Word?: IToken[];
  Dot?: (IToken)[];
  Float?: (IToken)[];
  Minus?: IToken[];
  Integer?: IToken[];
};

export interface SeqRangeCstNode extends CstNode {
  name: "seqRange";
  children: SeqRangeCstChildren;
}

export type SeqRangeCstChildren = {
  start: IToken[];
  Colon: IToken[];
  end: IToken[];
  LParen: IToken[];
  len: IToken[];
  RParen: IToken[];
};

export interface TcpOptionsCstNode extends CstNode {
  name: "tcpOptions";
  children: TcpOptionsCstChildren;
}

export type TcpOptionsCstChildren = {
  Lt: IToken[];
  Ellipsis?: IToken[];
  tcpOption?: (TcpOptionCstNode)[];
  Comma?: IToken[];
  Gt: IToken[];
};

export interface TcpOptionCstNode extends CstNode {
  name: "tcpOption";
  children: TcpOptionCstChildren;
}

export type TcpOptionCstChildren = {
  Kw_nop?: IToken[];
  Kw_eol?: IToken[];
  Kw_mss?: IToken[];
  value?: (IToken)[];
  Kw_wscale?: IToken[];
  Kw_sackOK?: IToken[];
  Kw_sack?: IToken[];
  sackBlock?: SackBlockCstNode[];
  Kw_TS?: IToken[];
  Kw_val?: IToken[];
  val?: IToken[];
  Kw_ecr?: IToken[];
  ecr?: IToken[];
  Kw_md5?: IToken[];
  hexBlob?: (HexBlobCstNode)[];
  Kw_FO?: IToken[];
  Kw_FOEXP?: IToken[];
  Kw_ECN?: IToken[];
  accecnField?: AccecnFieldCstNode[];
};

export interface SackBlockCstNode extends CstNode {
  name: "sackBlock";
  children: SackBlockCstChildren;
}

export type SackBlockCstChildren = {
  left: IToken[];
  Colon: IToken[];
  right: IToken[];
};

export interface AccecnFieldCstNode extends CstNode {
  name: "accecnField";
  children: AccecnFieldCstChildren;
}

export type AccecnFieldCstChildren = {
  Kw_e0b?: IToken[];
  Kw_ceb?: IToken[];
  Kw_e1b?: IToken[];
  Integer: IToken[];
};

export interface HexBlobCstNode extends CstNode {
  name: "hexBlob";
  children: HexBlobCstChildren;
}

export type HexBlobCstChildren = {
  Word?: IToken[];
  Integer?: IToken[];
};

export interface UdpBodyCstNode extends CstNode {
  name: "udpBody";
  children: UdpBodyCstChildren;
}

export type UdpBodyCstChildren = {
  Kw_udp: IToken[];
  ports?: PortsCstNode[];
  LParen: IToken[];
  len: IToken[];
  RParen: IToken[];
};

export interface IcmpBodyCstNode extends CstNode {
  name: "icmpBody";
  children: IcmpBodyCstChildren;
}

export type IcmpBodyCstChildren = {
  Kw_icmp: IToken[];
  type: IToken[];
  code?: IToken[];
  Kw_mtu?: IToken[];
  mtu?: IToken[];
  Kw_id?: IToken[];
  id?: IToken[];
  icmpEchoed?: IcmpEchoedCstNode[];
};

export interface IcmpEchoedCstNode extends CstNode {
  name: "icmpEchoed";
  children: IcmpEchoedCstChildren;
}

export type IcmpEchoedCstChildren = {
  LBracket: IToken[];
  seqRange?: SeqRangeCstNode[];
  Kw_udp?: IToken[];
  Kw_raw?: IToken[];
  LParen?: IToken[];
  len?: IToken[];
  RParen?: IToken[];
  RBracket: IToken[];
};

export interface ScriptCstNode extends CstNode {
  name: "script";
  children: ScriptCstChildren;
}

export type ScriptCstChildren = {
  statement?: StatementCstNode[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  optionLine?: OptionLineCstNode[];
  BackQuoted?: IToken[];
  event?: EventCstNode[];
};

export interface OptionLineCstNode extends CstNode {
  name: "optionLine";
  children: OptionLineCstChildren;
}

export type OptionLineCstChildren = {
  OptionName: IToken[];
  Equals?: (IToken)[];
  value?: OptionValueCstNode[];
  defineValue?: OptionValueCstNode[];
};

export interface OptionValueCstNode extends CstNode {
  name: "optionValue";
  children: OptionValueCstChildren;
}

export type OptionValueCstChildren = {
  Integer?: IToken[];
  Word?: IToken[];
  StringLit?: IToken[];
  BackQuoted?: IToken[];
  Ipv4Addr?: IToken[];
  Ipv6Addr?: IToken[];
  Kw_ipv4?: IToken[];
  Kw_ipv6?: IToken[];
  Float?: IToken[];
  HexInteger?: IToken[];
};

export interface EventCstNode extends CstNode {
  name: "event";
  children: EventCstChildren;
}

export type EventCstChildren = {
  eventTime: EventTimeCstNode[];
  action: ActionCstNode[];
};

export interface EventTimeCstNode extends CstNode {
  name: "eventTime";
  children: EventTimeCstChildren;
}

export type EventTimeCstChildren = {
  Star?: IToken[];
  plus?: IToken[];
  start?: TimeNumCstNode[];
  Tilde?: IToken[];
  endPlus?: IToken[];
  end?: TimeNumCstNode[];
  Ellipsis?: IToken[];
  blockEnd?: TimeNumCstNode[];
};

export interface TimeNumCstNode extends CstNode {
  name: "timeNum";
  children: TimeNumCstChildren;
}

export type TimeNumCstChildren = {
  Integer?: IToken[];
  Float?: IToken[];
};

export interface ActionCstNode extends CstNode {
  name: "action";
  children: ActionCstChildren;
}

export type ActionCstChildren = {
  packet?: PacketCstNode[];
  syscall?: SyscallCstNode[];
  stateAssertion?: StateAssertionCstNode[];
  BackQuoted?: IToken[];
  Code?: IToken[];
};

export interface StateAssertionCstNode extends CstNode {
  name: "stateAssertion";
  children: StateAssertionCstChildren;
}

export type StateAssertionCstChildren = {
  keyword: IToken[];
  state: IToken[];
};

export interface SyscallCstNode extends CstNode {
  name: "syscall";
  children: SyscallCstChildren;
}

export type SyscallCstChildren = {
  name: IToken[];
  LParen: IToken[];
  args?: (ExprCstNode)[];
  Comma?: IToken[];
  RParen: IToken[];
  Equals: IToken[];
  result: ExprCstNode[];
  errno?: IToken[];
  note?: NoteCstNode[];
};

export interface NoteCstNode extends CstNode {
  name: "note";
  children: NoteCstChildren;
}

export type NoteCstChildren = {
  LParen: IToken[];
  Word?: (IToken)[];
  Kw_flags?: IToken[];
  RParen: IToken[];
};

export interface ExprCstNode extends CstNode {
  name: "expr";
  children: ExprCstChildren;
}

export type ExprCstChildren = {
  primary: (PrimaryCstNode)[];
  Pipe?: IToken[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  Ellipsis?: IToken[];
  Integer?: IToken[];
  HexInteger?: IToken[];
  Word?: IToken[];
  Equals?: IToken[];
  value?: ExprCstNode[];
  StringLit?: IToken[];
  stringEllipsis?: IToken[];
  LBracket?: IToken[];
  items?: (ExprCstNode)[];
  Comma?: IToken[];
  RBracket?: IToken[];
  LBrace?: IToken[];
  braceBody?: BraceBodyCstNode[];
  RBrace?: IToken[];
  callLike?: CallLikeCstNode[];
};

export interface CallLikeCstNode extends CstNode {
  name: "callLike";
  children: CallLikeCstChildren;
}

export type CallLikeCstChildren = {
  Kw_inet_addr?: IToken[];
  Kw_inet6_addr?: IToken[];
  Kw_htons?: IToken[];
  LParen: IToken[];
  StringLit?: IToken[];
  Integer?: IToken[];
  RParen: IToken[];
};

export interface BraceBodyCstNode extends CstNode {
  name: "braceBody";
  children: BraceBodyCstChildren;
}

export type BraceBodyCstChildren = {
  mplsEntry?: MplsEntryCstNode[];
  greFields?: GreFieldsCstNode[];
  braceItem?: (BraceItemCstNode)[];
  Comma?: IToken[];
};

export interface BraceItemCstNode extends CstNode {
  name: "braceItem";
  children: BraceItemCstChildren;
}

export type BraceItemCstChildren = {
  fieldName?: FieldNameCstNode[];
  LParen?: IToken[];
  Ellipsis?: IToken[];
  count?: IToken[];
  RParen?: IToken[];
  Equals?: IToken[];
  value?: ExprCstNode[];
  expr?: ExprCstNode[];
};

export interface FieldNameCstNode extends CstNode {
  name: "fieldName";
  children: FieldNameCstChildren;
}

export type FieldNameCstChildren = {
  Kw_sa_family?: IToken[];
  Kw_sin_port?: IToken[];
  Kw_sin_addr?: IToken[];
  Kw_msg_name?: IToken[];
  Kw_msg_iov?: IToken[];
  Kw_msg_flags?: IToken[];
  Kw_msg_control?: IToken[];
  Kw_cmsg_level?: IToken[];
  Kw_cmsg_type?: IToken[];
  Kw_cmsg_data?: IToken[];
  Kw_ee_errno?: IToken[];
  Kw_ee_origin?: IToken[];
  Kw_ee_type?: IToken[];
  Kw_ee_code?: IToken[];
  Kw_ee_info?: IToken[];
  Kw_ee_data?: IToken[];
  Kw_scm_sec?: IToken[];
  Kw_scm_nsec?: IToken[];
  Kw_fd?: IToken[];
  Kw_events?: IToken[];
  Kw_revents?: IToken[];
  Kw_ptr?: IToken[];
  Kw_u32?: IToken[];
  Kw_u64?: IToken[];
  Kw_onoff?: IToken[];
  Kw_linger?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  packet(children: PacketCstChildren, param?: IN): OUT;
  packetBody(children: PacketBodyCstChildren, param?: IN): OUT;
  outerHeader(children: OuterHeaderCstChildren, param?: IN): OUT;
  address(children: AddressCstChildren, param?: IN): OUT;
  greFields(children: GreFieldsCstChildren, param?: IN): OUT;
  greFlags(children: GreFlagsCstChildren, param?: IN): OUT;
  greFlag(children: GreFlagCstChildren, param?: IN): OUT;
  mplsEntry(children: MplsEntryCstChildren, param?: IN): OUT;
  ipAttrs(children: IpAttrsCstChildren, param?: IN): OUT;
  ipAttrList(children: IpAttrListCstChildren, param?: IN): OUT;
  ipAttr(children: IpAttrCstChildren, param?: IN): OUT;
  pspEncap(children: PspEncapCstChildren, param?: IN): OUT;
  num(children: NumCstChildren, param?: IN): OUT;
  ports(children: PortsCstChildren, param?: IN): OUT;
  tcpBody(children: TcpBodyCstChildren, param?: IN): OUT;
  tcpFlags(children: TcpFlagsCstChildren, param?: IN): OUT;
  seqRange(children: SeqRangeCstChildren, param?: IN): OUT;
  tcpOptions(children: TcpOptionsCstChildren, param?: IN): OUT;
  tcpOption(children: TcpOptionCstChildren, param?: IN): OUT;
  sackBlock(children: SackBlockCstChildren, param?: IN): OUT;
  accecnField(children: AccecnFieldCstChildren, param?: IN): OUT;
  hexBlob(children: HexBlobCstChildren, param?: IN): OUT;
  udpBody(children: UdpBodyCstChildren, param?: IN): OUT;
  icmpBody(children: IcmpBodyCstChildren, param?: IN): OUT;
  icmpEchoed(children: IcmpEchoedCstChildren, param?: IN): OUT;
  script(children: ScriptCstChildren, param?: IN): OUT;
  statement(children: StatementCstChildren, param?: IN): OUT;
  optionLine(children: OptionLineCstChildren, param?: IN): OUT;
  optionValue(children: OptionValueCstChildren, param?: IN): OUT;
  event(children: EventCstChildren, param?: IN): OUT;
  eventTime(children: EventTimeCstChildren, param?: IN): OUT;
  timeNum(children: TimeNumCstChildren, param?: IN): OUT;
  action(children: ActionCstChildren, param?: IN): OUT;
  stateAssertion(children: StateAssertionCstChildren, param?: IN): OUT;
  syscall(children: SyscallCstChildren, param?: IN): OUT;
  note(children: NoteCstChildren, param?: IN): OUT;
  expr(children: ExprCstChildren, param?: IN): OUT;
  primary(children: PrimaryCstChildren, param?: IN): OUT;
  callLike(children: CallLikeCstChildren, param?: IN): OUT;
  braceBody(children: BraceBodyCstChildren, param?: IN): OUT;
  braceItem(children: BraceItemCstChildren, param?: IN): OUT;
  fieldName(children: FieldNameCstChildren, param?: IN): OUT;
}
