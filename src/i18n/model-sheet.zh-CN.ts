/**
 * The Model sheet's words in Simplified Chinese: the same keys and {placeholders} as the engine's English
 * `modelSheetText` (src/engine/evaluate/model-text.ts). Typed as `ModelSheetText`, so TypeScript refuses a missing or
 * an extra key; test/i18n/sheet-text.test.ts checks the placeholders and the open-ended maps. Number formats quote
 * their words, so they stay valid Excel formats.
 */
import { modelSheetText, type ModelSheetText } from "../engine/evaluate/model-text";
import type { Locale } from "./index";

export const modelSheetTextZhCN: ModelSheetText = {
  sheetTitle: "Trendcast 模型：学到了什么，可以信赖到什么程度",
  summaryHeading: "摘要",
  trainedOn: "基于 {skus} 个 SKU 的{frequency}销量训练，数据从 {from} 到 {to}（共 {periods} 期），用于预测未来 {horizon} {unit}。",
  backtestBetter:
    "在最近 {windows} × {horizon} {unit}中，其误差比{baseline}低 {pct}%；{level}% 区间覆盖了 {hit}% 的实际销量。",
  backtestWorse:
    "在最近 {windows} × {horizon} {unit}中，其误差比{baseline}高 {pct}%；{level}% 区间覆盖了 {hit}% 的实际销量。",
  backtestBetterNoBand: "在最近 {windows} × {horizon} {unit}中，其误差比{baseline}低 {pct}%。",
  backtestWorseNoBand: "在最近 {windows} × {horizon} {unit}中，其误差比{baseline}高 {pct}%。",
  backtestNone: "未做回测：历史太短，留出 {horizon} {unit}后不足以训练。",
  backtestSkipped: "未做回测：本次运行关闭了回测，因此下面的评级均为 C。",
  backtestHow: "回测让模型预测它没有见过的时期，再与实际销量比较。",
  trainedWhen: "训练于 {date} {time}（UTC），用时 {seconds} 秒，运行在{hardware}上。",
  trainedWhenNoTime: "生成于 {date} {time}（UTC），运行在{hardware}上。",
  gradeCounts: "各信任等级的 SKU 数：A {a}，B {b}，C {c}（规则见表格下方）。",
  addInHeading: "没有加载项时",
  addInValues:
    "本工作簿中的每个预测值和建议订货量也都以普通数字保存（“Forecast”工作表；“Restock”工作表的“计算订货量”列），没有 Trendcast 也能照常阅读。",
  addInGet:
    "如需重新训练或让 TREND 公式重新计算，请安装 Trendcast 加载项：在 Excel 中选择“开始 > 加载项”，或请 IT 管理员部署 Trendcast 的 manifest.xml；之后打开本工作簿时会出现 Trendcast 窗格。",
  perSkuHeading: "各 SKU",
  columns: {
    sku: "SKU",
    forecaster: "预测方法",
    vsBaseline: "回测误差（对比季节性朴素法）",
    hit: "{level}% 区间命中率",
    lift: "促销提升",
    peak: "季节高峰",
    trend: "近期每月趋势",
    grade: "信任等级",
  },
  gradeRuleHeading: "信任等级如何确定（依据回测）",
  gradeA: "A：误差比季节性朴素法低至少 {margin}%，且 {level}% 区间覆盖了 {low}–{high}% 的实际销量。",
  gradeB: "B：误差比季节性朴素法高不超过 {margin}%（误差更低但区间覆盖率不在 {low}–{high}% 内的也为 B）。",
  gradeC: "C：误差比季节性朴素法高 {margin}% 以上，或该 SKU 无法回测。",
  columnNotes:
    "促销提升：促销期平均销量除以其他时期平均销量（数据中没有促销时显示 —）。趋势：最近 {trendSpan}的斜率占其平均值的比例。",
  settingsHeading: "技术设置",
  scoresHeading: "回测得分（WQL 和 MASE 越低越好）",
  scoreColumns: ["模型", "WQL", "MASE", "80% 区间覆盖率", "偏差"],
  issuesHeading: "发现的数据问题",
  issueColumns: ["严重程度", "位置", "发现的问题", "Trendcast 的处理"],
  issueRow: "第 {row} 行",
  severities: { error: "错误", warning: "警告", info: "提示" },
  none: "—",
  formatBetterWorse: '"低 "0%;"高 "0%;"持平"',
  formatTrend: modelSheetText.formatTrend,
  formatLift: modelSheetText.formatLift,
  units: { daily: "天", weekly: "周", monthly: "个月" },
  frequencies: { daily: "每日", weekly: "每周", monthly: "每月" },
  baselines: {
    daily: "“重复上周销量”",
    weekly: "“重复去年同周销量”",
    monthly: "“重复去年同月销量”",
  },
  trendSpans: { daily: "13 周", weekly: "26 周", monthly: "12 个月" },
  weekdays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
  forecasters: {
    attention: "注意力网络",
    ets: "指数平滑（ETS）",
    snaive: "季节性朴素法",
    croston: "Croston（间歇性需求）",
    classical: "经典模型（ETS 或 Croston）",
    auto: "按 SKU 选最佳",
  },
  blend: "注意力网络与 {members} 混合",
  blendMembers: { ets: "ETS", croston: "Croston", snaive: "季节性朴素法", classical: "经典模型" },
  blendJoin: " + ",
  settingNames: {
    model: "模型",
    input: "输入",
    layout: "布局",
    horizon: "预测期数",
    level: "区间水平",
    covariates: "预先已知的列",
    backend: "后端",
    parameters: "参数量",
    trainingSeconds: "训练秒数",
    fingerprint: "数据指纹",
  },
  hardwareNode: "本机 CPU（{cores} 核），Node.js 中的 {backend} 后端",
  hardwareNodeClassical: "本机 CPU（{cores} 核），Node.js",
  hardwarePane: "本机（{backend} 后端）",
};

const MODEL_SHEET_TEXT: Record<Locale, ModelSheetText> = { en: modelSheetText, "zh-CN": modelSheetTextZhCN };

/** The Model sheet's words for a locale. */
export function modelSheetTextFor(locale: Locale): ModelSheetText {
  return MODEL_SHEET_TEXT[locale];
}
