"""Hand-written benign sentences, whole, for immigrants, named migrants, disabled people, religious
people and Jews. Reports and counter-speech may quote the hate they reject."""

from __future__ import annotations

from training.corpus.grammar import written

BENIGN_WRITTEN_B: dict[str, list[tuple[str, str]]] = {
    "immigrants": written("""
id| sou imigrante, vim da colômbia com 20 anos e hoje tenho minha empresa aqui
ev| minha bisavó veio da itália de navio e chorava quando falava disso
pr| o brasil é o que é graças a milhões de imigrantes
cs| imigrante não rouba emprego, imigrante cria emprego, os números mostram
rp| denunciei a página que chamava refugiados de "refugo"
cq| alguém sabe como funciona o pedido de refúgio no brasil?
ev| dou aula de português voluntária pra refugiados aos sábados
ng| não acho que imigrante traga crime, a maioria só quer trabalhar em paz
ev| o restaurante sírio perto do meu trampo tem a melhor esfiha da cidade
pr| os refugiados que conheci na missão paz são as pessoas mais resilientes do mundo
nw| número de pedidos de refúgio no brasil aumenta em 2023
cq| estrangeiro pode fazer concurso público? vi uma dúvida dessas no grupo
ev| o mercado do meu bairro é de uma família coreana, os donos são super simpáticos
id| sou filho de imigrantes japoneses e cresci comendo arroz no café da manhã
cs| "volta pro seu país" é xenofobia, e aqui no server dá ban
ev| a festa das nações na escola do meu filho teve comida de 20 países
rp| staff, o cara tá mandando o colega estrangeiro "aprender a falar direito" toda hora
ng| refugiado não escolhe fugir, ninguém larga a vida pra trás por diversão
pr| aprender com colegas estrangeiros no trabalho me abriu muito a cabeça
cq| como eu ajudo uma família imigrante recém-chegada no meu bairro?
ev| meu colega de quarto é estrangeiro e tá me ensinando a cozinhar comida síria
nw| imigrantes movimentam economia de cidades do interior, diz estudo
cs| o bisavô de quase todo mundo aqui era imigrante, bora ter um pouco de memória
ev| hoje é meu aniversário e meus amigos da aula de francês, metade estrangeiro, fizeram surpresa
id| sou refugiada, cheguei em 2019 e hoje trabalho como enfermeira
ng| imigrante paga imposto igualzinho a gente, não tá usando nada "de graça"
pr| a comunidade imigrante do bairro organiza a melhor festa de rua do ano
cq| alguém sabe de ONG que precisa de voluntário pra ajudar refugiados?
ev| meu avô era libanês e falava português com sotaque até morrer, que saudade
cs| ninguém é "ilegal", a pessoa pode estar sem documento, mas continua sendo gente
rp| reportei o áudio do cara dizendo que imigrante tinha que ser tratado como bicho
ev| caralho, que saudade da comida da minha avó portuguesa
nw| prefeitura abre centro de referência para imigrantes
ev| o time de futebol do trampo tem um argentino, um peruano e um angolano, somos a onu kkkk
"""),
    "named_migrants": written("""
ev| fui na feira da kantuta domingo e comi uma salteña maravilhosa
id| sou venezuelana, moro em manaus há 4 anos e já falo portunhol perfeito kkk
pr| os haitianos que trabalham comigo são os mais dedicados da empresa
cs| "bolita" é xingamento xenofóbico, fala boliviano
rp| denunciei o grupo do facebook que tava combinando de expulsar venezuelanos da praça
ev| o haitiano do meu trampo fala francês, kreyòl e tá aprendendo português rapidinho
cq| alguém sabe onde tem aula de espanhol com professor venezuelano em boa vista?
ng| não acho que venezuelano "lote" hospital, gente doente precisa de atendimento, ponto
ev| minha vizinha é boliviana e me ensinou a fazer api com pastel, obrigado dona rosa
pr| a comunidade boliviana de são paulo tem uma cultura linda
nw| famílias venezuelanas interiorizadas relatam boa adaptação no sul do país
cs| lembrar do ataque ao acampamento venezuelano em pacaraima me dá vergonha até hoje
id| sou haitiano, cheguei em 2014 pelo acre e hoje sou técnico de enfermagem
ev| o senegalês que vende na esquina do meu trampo é super gente boa, sempre conversa comigo
rp| staff, o cara chamou o menino boliviano de "índio sujo" no call, podem ver?
cq| como se fala "bom dia" em kreyòl? quero cumprimentar meu colega
ng| nenhum haitiano veio aqui pra "tomar" nada, vieram trabalhar depois de uma tragédia
ev| comi arepa pela primeira vez num restaurante venezuelano no centro, que delícia
pr| as costureiras bolivianas fazem um trabalho incrível e merecem salário digno
cs| costureiro boliviano em condição de escravidão é vítima, não "mão de obra barata"
nw| festa boliviana reúne milhares de pessoas no pari, em são paulo
ev| minha professora de salsa é venezuelana e as aulas são muito divertidas
id| sou boliviano e trabalho no brás desde 2010, tenho minha própria loja agora
cq| vcs sabem quantos haitianos moram no brasil hoje?
ev| o angolano da minha sala de engenharia é o cara mais inteligente da turma
rp| reportei o vídeo do tiktok que mostrava a moça haitiana e fazia piada com o cabelo dela
ng| venezuelano pedindo ajuda no semáforo não tá roubando ninguém, tá sobrevivendo
pr| os haitianos trouxeram uma música incrível pro sul, o konpa é muito bom
ev| ajudei uma família venezuelana a montar o currículo ontem, o pai é engenheiro
cs| quem chama haitiano de "carvão" precisa ser banido, é racismo e xenofobia junto
nw| boa vista inaugura novo abrigo para migrantes venezuelanos
ev| a haitiana que trabalha na padaria faz um pão doce que eu não sei explicar
cq| qual a comida típica do senegal? meu vizinho novo é de lá e me chamou pra jantar
id| sou venezuelano e hoje faço medicina na ufrr
ev| porra, o time dos bolivianos do bairro ganhou o campeonato de várzea de novo kkkk
cs| o idiota que xingou a família venezuelana no mercado foi filmado, tomara que responda por isso
"""),
    "disabled": written("""
id| sou cadeirante e a calçada da minha rua é um inferno, nenhuma rampa
ev| meu irmão é autista e sabe tudo sobre dinossauro, tudo mesmo
pr| o brasil nas paralimpíadas é outro nível, quanta medalha
cs| "autismo é frescura" é desinformação, autismo é uma condição neurológica
rp| denunciei o cara que chamou o jogador de "débil mental" na call
cq| alguém sabe onde tem curso de libras gratuito em bh?
ev| hoje o mateus, que é surdo, me ensinou a falar "obrigado" em libras
ng| usar cadeira de rodas não torna ninguém menos capaz de trabalhar
pr| a daniela, que é cega, é a melhor jogadora de xadrez do clube
id| sou autista e finalmente tive diagnóstico com 28 anos, muita coisa fez sentido
nw| estudo mostra que só 1 em cada 4 pessoas com deficiência tem emprego formal
cq| o jogo tem opção de acessibilidade pra daltônico? meu amigo precisa
ev| fui no cinema com audiodescrição com meu pai, que é cego, e ele amou
cs| "inválido" e "mongol" não são zoeira, são ofensas pesadas
rp| staff, o cara ficou imitando a fala do guilherme, que tem paralisia cerebral
ng| vaga de pcd não é privilégio, é necessidade
ev| minha sobrinha tem síndrome de down e dança balé, é a coisa mais linda do mundo
pr| as pessoas com deficiência que eu conheço se viram melhor do que muita gente sem
cq| qual o termo certo: pessoa com deficiência ou portador de deficiência?
id| sou surdo, uso aparelho e leio lábios, se eu não responder no call é isso kkk
ev| a escola do meu filho contratou intérprete de libras, fiquei muito feliz
cs| chamar alguém de "mongol" é ofensivo pra quem tem síndrome de down
nw| metrô instala piso tátil em todas as estações da linha 2
ng| autista não é "mal-educado", é outra forma de processar o mundo
ev| o torneio de basquete em cadeira de rodas do clube é sábado, bora ver
rp| reportei o vídeo que zoava criança autista em crise
pr| o cão-guia do meu amigo cego, o labrador thor, é o cachorro mais educado do planeta
cq| alguém aqui é tdah e autista? queria dicas pra estudar
id| sou cega e uso leitor de tela pra ler o chat, se errar algo me avisem
ev| ajudei a instalar rampa na entrada da igreja do bairro, agora todo mundo entra
ng| ter deficiência não é motivo pra ninguém ter pena, é só uma característica
pr| o dev que fez o mod de acessibilidade desse jogo merece um prêmio
ev| porra, o elevador do metrô quebrado de novo, o cadeirante da minha rua ficou preso lá
cs| gente, usar autista como xingamento não é aceitável, tem outras palavras pra isso
"""),
    "religious": written("""
ev| fui na missa do galo com minha avó, ela ficou toda feliz
id| sou católica praticante e jogo valorant todo dia depois da missa kkkk
pr| as freiras que cuidam do abrigo no meu bairro são incríveis
cs| dizer que todo religioso é burro é tão preconceituoso quanto qualquer outro preconceito
rp| reportei o perfil que postou vídeo zombando de gente rezando na igreja
cq| alguém sabe a história do tapete de corpus christi? achei lindo
ev| minha mãe é espírita e me levou no centro pela primeira vez, foi bem tranquilo
ng| ter fé não impede ninguém de ser cientista, tem vários aí
pr| a pastoral da criança salvou muita vida no brasil
id| sou ateu mas acho bonito o jeito que minha avó reza o terço
ev| vou na romaria de aparecida com a família esse ano
cq| qual a diferença entre católico e ortodoxo?
cs| religião é escolha pessoal, zoar quem tem fé não te deixa mais inteligente
ev| o padre da minha paróquia joga futebol com a molecada todo domingo
nw| festa do divino reúne milhares de fiéis em pirenópolis
pr| a irmã dulce ajudou mais gente do que muito governo
rp| staff, o cara no geral tá chamando quem é religioso de "gado" toda hora
ev| minha tia é beata de carteirinha e faz o melhor bolo da quermesse kkkk
ng| não acho que religioso seja menos racional que ninguém
id| sou espírita e acredito em reencarnação, pode perguntar se quiser
cq| alguém sabe o horário da missa em libras na catedral?
ev| a quermesse da igreja tem a melhor pamonha da cidade, já tô lá
cs| padre abusador tem que ser preso, mas isso não faz de todo católico um criminoso
pr| a comunidade católica do bairro montou uma cozinha comunitária, serve 200 marmitas por dia
nw| pesquisa mostra que brasil segue entre os países mais religiosos do mundo
ev| minha vó vai fazer 80 anos e pediu uma missa de aniversário, vamos todos
id| sou cristão, mas acho que a fé é assunto de cada um
ng| ninguém é obrigado a acreditar em nada, nem a deixar de acreditar
ev| o coral da igreja vai cantar no natal, minha irmã é soprano
cq| pq a páscoa muda de data todo ano? sempre quis saber
rp| denunciei quem pichou a capela do bairro com ofensa
pr| a fé da minha mãe segurou a família toda quando meu pai ficou doente
ev| porra, esqueci que hoje é dia santo e o mercado fecha cedo
cs| chamar quem tem fé de "doente mental" é desrespeito, e o server não aceita isso
"""),
    "jews": written("""
ev| fui no bar mitzvah do filho do meu amigo, a festa foi incrível
id| sou judia e hoje começa o shabat, volto pro server amanhã à noite
pr| o museu judaico de sp é lindo, recomendo demais a visita
cs| "judeu controla o mundo" é teoria da conspiração antissemita, para de espalhar isso
rp| denunciei o perfil que fazia piada com o holocausto
cq| qual a diferença entre judaísmo ortodoxo e reformista?
ev| minha vizinha é judia e me convidou pro jantar de rosh hashaná, comi muito bem
ng| não dá pra culpar judeu brasileiro pelo que o governo de israel faz
pr| a clarice lispector é a maior escritora do brasil e ponto
ev| comprei bagel numa padaria judaica no bom retiro, vale muito a pena
nw| sinagoga de porto alegre recebe visita de escolas em semana de memória do holocausto
cq| alguém sabe se a sinagoga kahal zur israel, em recife, abre pra visita no domingo?
id| sou judeu, meu avô sobreviveu a auschwitz e contava a história toda vez que a gente pedia
cs| piada de judeu com dinheiro é antissemitismo, não é humor
ev| hoje acendemos a primeira vela do hanucá aqui em casa
rp| staff, o cara mandou suástica no chat de novo, por favor bane
ng| judeu não tem nada a ver com pão-duro, isso é estereótipo velho e nojento
pr| aracy de carvalho salvou muitos judeus, devia ser mais lembrada
ev| o meu professor de história é judeu e dá a melhor aula sobre segunda guerra
cq| quem quer ir comigo no museu do holocausto de curitiba?
id| sou judia e não, não sou rica kkkkk isso é estereótipo
cs| negar o holocausto é crime em vários países e devia dar ban aqui também
ev| minha amiga judia me ensinou a fazer chalá, ficou meio torto mas gostoso
nw| comunidade judaica de são paulo promove ato inter-religioso pela paz
pr| o humor judaico é genial, aqueles filmes antigos do mel brooks são ótimos
ng| a comunidade judaica brasileira não tem culpa de guerra nenhuma
ev| no trampo a gente respeita o feriado judaico do colega, ele folga e cobre outro dia
rp| reportei o áudio do cara imitando hitler no call, é apologia
cq| gente, pode desejar "shaná tová" mesmo não sendo judeu?
ev| fui num casamento judeu e quebraram o copo no final, achei demais
pr| a sinagoga do meu bairro distribui sopa toda sexta pra quem precisa
cs| "sobrenome judeu" não explica nada sobre ninguém, para com isso
id| sou judeu e torço pro grêmio, o que é bem mais sofrido kkkk
ev| porra, esqueci de desejar feliz hanucá pro meu amigo
ng| antissemitismo não é opinião, é preconceito
cs| o babaca que mandou meme de hitler tomou ban, e ainda foi pouco
"""),
}
