// PostgreSQL types tokio-postgres knows by OID (encoredev/rust-postgres
// postgres-types/src/type_gen.rs, branch encore-patches-sync): "oid Variant
// typname [member oid]". Encore's runtime sees every other OID as a custom
// type, looked up in pg_type. The variant is the type's Rust `Debug` text,
// which Encore's row errors print.
export interface BuiltinType { variant: string; name: string; member?: number }

const TABLE =
  "16 Bool bool,17 Bytea bytea,18 Char char,19 Name name,20 Int8 int8,21 Int2 int2," +
  "22 Int2Vector int2vector 21,23 Int4 int4,24 Regproc regproc,25 Text text,26 Oid oid,27 Tid tid," +
  "28 Xid xid,29 Cid cid,30 OidVector oidvector 26,32 PgDdlCommand pg_ddl_command,114 Json json," +
  "142 Xml xml,143 XmlArray _xml 142,194 PgNodeTree pg_node_tree,199 JsonArray _json 114," +
  "269 TableAmHandler table_am_handler,271 Xid8Array _xid8 5069,325 IndexAmHandler index_am_handler," +
  "600 Point point,601 Lseg lseg,602 Path path,603 Box box,604 Polygon polygon,628 Line line," +
  "629 LineArray _line 628,650 Cidr cidr,651 CidrArray _cidr 650,700 Float4 float4,701 Float8 float8," +
  "705 Unknown unknown,718 Circle circle,719 CircleArray _circle 718,774 Macaddr8 macaddr8," +
  "775 Macaddr8Array _macaddr8 774,790 Money money,791 MoneyArray _money 790,829 Macaddr macaddr," +
  "869 Inet inet,1000 BoolArray _bool 16,1001 ByteaArray _bytea 17,1002 CharArray _char 18," +
  "1003 NameArray _name 19,1005 Int2Array _int2 21,1006 Int2VectorArray _int2vector 22," +
  "1007 Int4Array _int4 23,1008 RegprocArray _regproc 24,1009 TextArray _text 25,1010 TidArray _tid 27," +
  "1011 XidArray _xid 28,1012 CidArray _cid 29,1013 OidVectorArray _oidvector 30," +
  "1014 BpcharArray _bpchar 1042,1015 VarcharArray _varchar 1043,1016 Int8Array _int8 20," +
  "1017 PointArray _point 600,1018 LsegArray _lseg 601,1019 PathArray _path 602,1020 BoxArray _box 603," +
  "1021 Float4Array _float4 700,1022 Float8Array _float8 701,1027 PolygonArray _polygon 604," +
  "1028 OidArray _oid 26,1033 Aclitem aclitem,1034 AclitemArray _aclitem 1033," +
  "1040 MacaddrArray _macaddr 829,1041 InetArray _inet 869,1042 Bpchar bpchar,1043 Varchar varchar," +
  "1082 Date date,1083 Time time,1114 Timestamp timestamp,1115 TimestampArray _timestamp 1114," +
  "1182 DateArray _date 1082,1183 TimeArray _time 1083,1184 Timestamptz timestamptz," +
  "1185 TimestamptzArray _timestamptz 1184,1186 Interval interval,1187 IntervalArray _interval 1186," +
  "1231 NumericArray _numeric 1700,1263 CstringArray _cstring 2275,1266 Timetz timetz," +
  "1270 TimetzArray _timetz 1266,1560 Bit bit,1561 BitArray _bit 1560,1562 Varbit varbit," +
  "1563 VarbitArray _varbit 1562,1700 Numeric numeric,1790 Refcursor refcursor," +
  "2201 RefcursorArray _refcursor 1790,2202 Regprocedure regprocedure,2203 Regoper regoper," +
  "2204 Regoperator regoperator,2205 Regclass regclass,2206 Regtype regtype," +
  "2207 RegprocedureArray _regprocedure 2202,2208 RegoperArray _regoper 2203," +
  "2209 RegoperatorArray _regoperator 2204,2210 RegclassArray _regclass 2205," +
  "2211 RegtypeArray _regtype 2206,2249 Record record,2275 Cstring cstring,2276 Any any," +
  "2277 Anyarray anyarray,2278 Void void,2279 Trigger trigger,2280 LanguageHandler language_handler," +
  "2281 Internal internal,2283 Anyelement anyelement,2287 RecordArray _record," +
  "2776 Anynonarray anynonarray,2949 TxidSnapshotArray _txid_snapshot 2970,2950 Uuid uuid," +
  "2951 UuidArray _uuid 2950,2970 TxidSnapshot txid_snapshot,3115 FdwHandler fdw_handler," +
  "3220 PgLsn pg_lsn,3221 PgLsnArray _pg_lsn 3220,3310 TsmHandler tsm_handler," +
  "3361 PgNdistinct pg_ndistinct,3402 PgDependencies pg_dependencies,3500 Anyenum anyenum," +
  "3614 TsVector tsvector,3615 Tsquery tsquery,3642 GtsVector gtsvector," +
  "3643 TsVectorArray _tsvector 3614,3644 GtsVectorArray _gtsvector 3642," +
  "3645 TsqueryArray _tsquery 3615,3734 Regconfig regconfig,3735 RegconfigArray _regconfig 3734," +
  "3769 Regdictionary regdictionary,3770 RegdictionaryArray _regdictionary 3769,3802 Jsonb jsonb," +
  "3807 JsonbArray _jsonb 3802,3831 AnyRange anyrange,3838 EventTrigger event_trigger," +
  "3904 Int4Range int4range,3905 Int4RangeArray _int4range 3904,3906 NumRange numrange," +
  "3907 NumRangeArray _numrange 3906,3908 TsRange tsrange,3909 TsRangeArray _tsrange 3908," +
  "3910 TstzRange tstzrange,3911 TstzRangeArray _tstzrange 3910,3912 DateRange daterange," +
  "3913 DateRangeArray _daterange 3912,3926 Int8Range int8range,3927 Int8RangeArray _int8range 3926," +
  "4072 Jsonpath jsonpath,4073 JsonpathArray _jsonpath 4072,4089 Regnamespace regnamespace," +
  "4090 RegnamespaceArray _regnamespace 4089,4096 Regrole regrole,4097 RegroleArray _regrole 4096," +
  "4191 Regcollation regcollation,4192 RegcollationArray _regcollation 4191," +
  "4451 Int4multiRange int4multirange,4532 NummultiRange nummultirange,4533 TsmultiRange tsmultirange," +
  "4534 TstzmultiRange tstzmultirange,4535 DatemultiRange datemultirange," +
  "4536 Int8multiRange int8multirange,4537 AnymultiRange anymultirange," +
  "4538 AnycompatiblemultiRange anycompatiblemultirange,4600 PgBrinBloomSummary pg_brin_bloom_summary," +
  "4601 PgBrinMinmaxMultiSummary pg_brin_minmax_multi_summary,5017 PgMcvList pg_mcv_list," +
  "5038 PgSnapshot pg_snapshot,5039 PgSnapshotArray _pg_snapshot 5038,5069 Xid8 xid8," +
  "5077 Anycompatible anycompatible,5078 Anycompatiblearray anycompatiblearray," +
  "5079 Anycompatiblenonarray anycompatiblenonarray,5080 AnycompatibleRange anycompatiblerange," +
  "6150 Int4multiRangeArray _int4multirange 4451,6151 NummultiRangeArray _nummultirange 4532," +
  "6152 TsmultiRangeArray _tsmultirange 4533,6153 TstzmultiRangeArray _tstzmultirange 4534," +
  "6155 DatemultiRangeArray _datemultirange 4535,6157 Int8multiRangeArray _int8multirange 4536,";

export const BUILTIN_TYPES: ReadonlyMap<number, BuiltinType> = new Map(
  TABLE.split(",").filter(Boolean).map((entry) => {
    const [oid, variant, name, member] = entry.split(" ");
    return [Number(oid), { variant, name, member: member === undefined ? undefined : Number(member) }];
  }),
);
